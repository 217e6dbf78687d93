import { optionLines } from "../../command-line/read-options.js";
import { COMMANDS, type CommandSpec, GLOBAL_OPTIONS } from "./command-table.js";
import { commandWords } from "./command-words.js";

const columns = (rows: [string, string][], indent: string): string[] => {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`);
};

const commandRows = (commands: CommandSpec[]): [string, string][] =>
  commands.map((c) => [`${c.name}${c.args ? ` ${c.args}` : ""}`, c.describe]);

const EXIT_CODE_LINES = [
  "Exit codes: 0 ok, 1 failed (nothing was sent, a capture failed closed), 2 usage,",
  "3 configuration, 4 report not found, 5 corrupt report.",
];

/** Commands a host mounts as its own: the README's lines route `crash` and `telemetry`. */
const MOUNTED_WORDS = ["crash", "telemetry"];

/** A host's own name for the commands fits on each row; crashfix's path is named once. */
const MAX_ROW_COMMAND = 24;

export type MountedHelp = {
  /** The words users run the commands with, as the notice names them; undefined where none works. */
  command: string | undefined;
  /** The host's opt-out variable, `LOKI_TELEMETRY`. */
  optOut: string;
};

/**
 * The help of the commands a host mounted (`loki crash --help`): only what
 * its users can run through it, and the options those take.
 */
function mountedHelpText({ command, optOut }: MountedHelp): string {
  const mounted = COMMANDS.filter(
    (c) => !c.hidden && MOUNTED_WORDS.includes(c.name.split(" ")[0] as string),
  );
  const { json, help, version } = GLOBAL_OPTIONS;
  const options = Object.assign({ json, help }, ...mounted.map((c) => c.options), { version });
  const rowCommand =
    command !== undefined && command.length <= MAX_ROW_COMMAND ? command : undefined;
  return [
    `Usage: ${commandWords(command, "crash|telemetry ... [options]")}`,
    "",
    "Commands:",
    ...columns(
      commandRows(mounted).map(([left, right]) => [commandWords(rowCommand, left), right]),
      "  ",
    ),
    "",
    "Options:",
    ...optionLines(options),
    "",
    `${commandWords(rowCommand, "crash")} is ${commandWords(rowCommand, "crash list")}. ${optOut}=off and DO_NOT_TRACK=1`,
    "also turn collection off.",
    "",
    ...EXIT_CODE_LINES,
    "",
  ].join("\n");
}

/**
 * The help for `<command> --help`: every command and option, from the one
 * command table; for a host that mounted the commands, only those, named
 * as the host's users run them.
 */
export function helpText(command: string, mounted?: MountedHelp): string {
  if (mounted) return mountedHelpText(mounted);
  const visible = COMMANDS.filter((c) => !c.hidden);
  const forPeople = visible.filter((c) => !c.forShells);
  const forShells = visible.filter((c) => c.forShells);
  const shellOptions = Object.assign({}, ...forShells.map((c) => c.options));
  return [
    `Usage: ${command} [--app <id> | --config <file>] <command> [options]`,
    "",
    "Commands:",
    ...columns(commandRows(forPeople), "  "),
    "",
    "For shell hosts (see crashfix.sh):",
    ...columns(commandRows(forShells), "  "),
    ...optionLines(shellOptions, "      "),
    "",
    "Options:",
    ...optionLines(GLOBAL_OPTIONS),
    "",
    "Without --app or --config, the app is the one with reports in ./.<app>/crash, or",
    "the one whose host installed crashfix for this user (~/.<app>/crashfix.json).",
    "CRASHFIX_APP, CRASHFIX_VERSION, CRASHFIX_REPO, CRASHFIX_ENDPOINT, CRASHFIX_PRIVACY_URL",
    "and the other CRASHFIX_* variables give the app's settings. <APP>_TELEMETRY=off,",
    "<APP>_TELEMETRY_DISABLED=true and DO_NOT_TRACK=1 turn collection off.",
    "",
    ...EXIT_CODE_LINES,
    "",
  ].join("\n");
}
