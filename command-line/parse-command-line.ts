import { closestMatch } from "./closest-match.js";
import { type OptionSpec, type OptionValues, optionLines, readOptions } from "./read-options.js";
import { UsageError } from "./usage-error.js";

export type { OptionSpec, OptionValues } from "./read-options.js";

// One parser for the server-side bins (crashfix-server, crashfix-github, the
// local stack): a table of subcommands, each with its own options, so a new
// subcommand is one more row. Node's parseArgs splits the words; every
// refusal is worded here or in read-options.ts, with the nearest valid name.

export type CommandSpec = {
  /** The word after the program name; the program's default command runs without it. */
  name: string;
  summary: string;
  /** Positional arguments, as the help shows them (e.g. "<fingerprint>"). */
  args?: { name: string; required: boolean }[];
  options: Readonly<Record<string, OptionSpec>>;
};

export type ProgramSpec = {
  name: string;
  /** How a user asks for the help, when not `<name> --help` (npm scripts need `--`). */
  helpCommand?: string;
  summary: string;
  commands: readonly CommandSpec[];
  /** The command that runs when the first word is not a command name. */
  defaultCommand: string;
  /** Text after the options: environment variables, examples. */
  footer?: string;
  /** Extra advice for an unknown option with no near match (e.g. the variable that sets it). */
  unknownOptionHint?: (name: string) => string | undefined;
};

export type ParsedCommandLine =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "run"; command: string; values: OptionValues; args: string[] };

const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: "boolean", short: "h", description: "show this help" },
  version: { type: "boolean", description: "print the version" },
};

function findCommand(program: ProgramSpec, name: string): CommandSpec {
  const command = program.commands.find((candidate) => candidate.name === name);
  if (!command) throw new Error(`${program.name}: no command named ${name} in its table`);
  return command;
}

/** Parses `argv` (without node and the script) against the program's table. */
export function parseCommandLine(program: ProgramSpec, argv: readonly string[]): ParsedCommandLine {
  const names = program.commands.map((command) => command.name);
  const first = argv[0];
  // A program with one command takes no command word.
  const named =
    names.length > 1 && first !== undefined && !first.startsWith("-") && names.includes(first);
  const command = findCommand(program, named ? (first as string) : program.defaultCommand);
  const rest = named ? argv.slice(1) : [...argv];
  const { values, args } = readOptions(
    rest,
    { ...command.options, ...GLOBAL_OPTIONS },
    program.unknownOptionHint,
  );
  if (values.help === true) return { kind: "help" };
  if (values.version === true) return { kind: "version" };
  checkArgs(program, command, args, named);
  return { kind: "run", command: command.name, values, args };
}

function checkArgs(
  program: ProgramSpec,
  command: CommandSpec,
  args: readonly string[],
  named: boolean,
): void {
  const expected = command.args ?? [];
  const required = expected.filter((arg) => arg.required).length;
  if (args.length > expected.length) {
    const extra = args[expected.length] as string;
    // A word where a command may stand is most likely a mistyped command.
    const near =
      !named && program.commands.length > 1
        ? closestMatch(
            extra,
            program.commands.map((c) => c.name),
          )
        : undefined;
    if (near) {
      throw new UsageError(`unknown command ${extra}; did you mean ${near}?`);
    }
    throw new UsageError(
      expected.length === 0
        ? `${command.name === program.defaultCommand ? program.name : `${program.name} ${command.name}`} takes no argument "${extra}"`
        : `too many arguments: ${command.name} takes ${expected.map((arg) => arg.name).join(" ")}`,
    );
  }
  if (args.length < required) {
    const missing = expected[args.length];
    throw new UsageError(`${command.name} needs ${missing?.name ?? "an argument"}`);
  }
}

/** The help: every command with its options, then the global options and the footer. */
export function helpText(program: ProgramSpec): string {
  const lines = [
    `Usage: ${program.name}${program.commands.length > 1 ? " [command]" : ""} [options]`,
    "",
    program.summary,
  ];
  for (const command of program.commands) {
    const args = (command.args ?? [])
      .map((arg) => (arg.required ? arg.name : `[${arg.name}]`))
      .join(" ");
    const isDefault = command.name === program.defaultCommand;
    const title = `${program.name} ${command.name}${args ? ` ${args}` : ""}${isDefault && program.commands.length > 1 ? "  (the default)" : ""}`;
    lines.push(
      "",
      program.commands.length > 1 ? title : `${program.name}${args ? ` ${args}` : ""}`,
    );
    lines.push(`  ${command.summary}`);
    if (Object.keys(command.options).length > 0) lines.push(...optionLines(command.options));
  }
  lines.push("", "Options for every command:", ...optionLines(GLOBAL_OPTIONS));
  if (program.footer) lines.push("", program.footer);
  return `${lines.join("\n")}\n`;
}

/** What a bin prints for a refused command line: the reason, then where the full help is. */
export function usageErrorText(program: ProgramSpec, error: Error): string {
  return `${program.name}: ${error.message}\n(${program.helpCommand ?? `${program.name} --help`} lists every option)\n`;
}
