import { closestMatch } from "../../command-line/closest-match.js";
import { readOptions } from "../../command-line/read-options.js";
import { UsageError } from "../../command-line/usage-error.js";
import { type ConfigSource, loadCommandConfig } from "../config/load-command-config.js";
import { readClientEnv } from "../config/read-client-env.js";
import type { CrashReporterConfig } from "../config/reporter-config.js";
import { deriveEnvPrefix, type ResolvedConfig, userCommand } from "../config/resolve-config.js";
import { CrashfixError, type CrashfixErrorCode } from "../errors.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { CLIENT_VERSION } from "../version.js";
import type { CommandContext, OutputStream } from "./command-context.js";
import { COMMANDS, type CommandSpec, GLOBAL_OPTIONS } from "./command-table.js";
import { consoleLikeOutput } from "./console-like-output.js";
import { helpText, type MountedHelp } from "./help-text.js";

export type CommandIO = {
  /** A host mounting the commands passes its reporter config; the `crashfix` command leaves it out. */
  config?: CrashReporterConfig;
  env?: Record<string, string | undefined>;
  cwd?: string;
  home?: string;
  stdout?: OutputStream;
  stderr?: OutputStream;
  fetch?: typeof globalThis.fetch;
  now?: () => number;
};

const EXIT_FOR: Record<CrashfixErrorCode, ExitCode> = {
  USAGE: EXIT_CODES.USAGE,
  INVALID_CONFIG: EXIT_CODES.CONFIG,
  CONFIG_FILE_CORRUPT: EXIT_CODES.CONFIG,
  CONFIG_FILE_UNWRITABLE: EXIT_CODES.CONFIG,
  REPORT_NOT_FOUND: EXIT_CODES.NOT_FOUND,
  REPORT_AMBIGUOUS: EXIT_CODES.NOT_FOUND,
  REPORT_CORRUPT: EXIT_CODES.CORRUPT_REPORT,
  CAPTURE_FAILED: EXIT_CODES.FAILED,
  SCRUBBER_UNAVAILABLE: EXIT_CODES.FAILED,
  WRITTEN_LIST_UNREADABLE: EXIT_CODES.FAILED,
  SUBMIT_FAILED: EXIT_CODES.FAILED,
  COPY_FAILED: EXIT_CODES.FAILED,
  SHELL_SCRIPT_MISSING: EXIT_CODES.FAILED,
};

const ALL_OPTIONS = Object.assign(
  {},
  GLOBAL_OPTIONS,
  ...COMMANDS.map((command) => command.options),
);

/** The command named by the leading positionals, and the arguments after them. */
function selectCommand(positionals: string[]): { spec: CommandSpec; rest: string[] } {
  const [first = "", second] = positionals;
  if (first === "crash") {
    const sub = second ?? "list";
    const spec = COMMANDS.find((command) => command.name === `crash ${sub}`);
    if (spec) return { spec, rest: positionals.slice(2) };
    const subs = COMMANDS.filter((c) => c.name.startsWith("crash ")).map((c) => c.name.slice(6));
    const near = closestMatch(sub, subs);
    throw new CrashfixError(
      "USAGE",
      `unknown crash command "${sub}"${near ? `; did you mean crash ${near}?` : `; use ${subs.slice(0, -1).join(", ")} or ${subs.at(-1)}`}`,
    );
  }
  const spec = COMMANDS.find((command) => command.name === first);
  if (spec) return { spec, rest: positionals.slice(1) };
  const words = [...new Set(COMMANDS.filter((c) => !c.hidden).map((c) => c.name.split(" ")[0]))];
  const near = closestMatch(first, words as string[]);
  throw new CrashfixError(
    "USAGE",
    `unknown command "${first}"${near ? `; did you mean ${near}?` : "; see --help"}`,
  );
}

/**
 * The help of the mounted commands, for a host that mounts them: a Node host
 * passes its config, a bash host's crashfix_command sets CRASHFIX_MOUNTED,
 * either may name its command. The words are the ones the notice and hints
 * use for the same app (ResolvedConfig's `command`); undefined otherwise.
 */
function mountedHelp(source: ConfigSource): MountedHelp | undefined {
  const { settings } = source.clientEnv;
  const byHost =
    source.hostConfig !== undefined ||
    source.clientEnv.mountedByScript ||
    settings.command !== undefined;
  const app = source.hostConfig?.app ?? source.app ?? settings.app;
  if (!byHost || app === undefined) return undefined;
  let config: Pick<ResolvedConfig, "command" | "envPrefix">;
  try {
    config = loadCommandConfig(source);
  } catch {
    // A config that the command itself would refuse still gets its help.
    const { command, envPrefix } = source.hostConfig ?? settings;
    config = { command: userCommand(app, command), envPrefix: envPrefix ?? deriveEnvPrefix(app) };
  }
  return { command: config.command, optOut: `${config.envPrefix}_TELEMETRY` };
}

/**
 * Runs one command line and resolves to its exit code; never exits the
 * process and never throws. The public wrapper (index.ts) also tells the
 * host's reporter that a nonzero exit which follows is this answer, not a
 * crash.
 */
export async function runCommand(argv: string[], io: CommandIO = {}): Promise<ExitCode> {
  const stdout = io.stdout ?? consoleLikeOutput(process.stdout);
  const stderr = io.stderr ?? consoleLikeOutput(process.stderr);
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  const clientEnv = readClientEnv(env);
  // Errors name the command the user typed: the host's, when it mounts them
  // (a Node host passes its config; a bash host exports CRASHFIX_COMMAND).
  const settings = io.config ?? clientEnv.settings;
  let label = settings.command ?? "crashfix";
  try {
    const { args: positionals, values } = readOptions(argv, ALL_OPTIONS);
    if (values.version === true) {
      stdout.write(`crashfix ${CLIENT_VERSION}\n`);
      return EXIT_CODES.OK;
    }
    const source: ConfigSource = {
      hostConfig: io.config,
      app: typeof values.app === "string" ? values.app : undefined,
      configPath: typeof values.config === "string" ? values.config : undefined,
      clientEnv,
      cwd,
      home: io.home ?? clientEnv.home ?? "",
    };
    if (values.help === true || positionals[0] === "help") {
      stdout.write(helpText(label, mountedHelp(source)));
      return EXIT_CODES.OK;
    }
    if (positionals.length === 0) {
      stderr.write(helpText(label, mountedHelp(source)));
      return EXIT_CODES.USAGE;
    }
    const { spec, rest } = selectCommand(positionals);
    const allowed = new Set([...Object.keys(GLOBAL_OPTIONS), ...Object.keys(spec.options)]);
    for (const name of Object.keys(values)) {
      if (!allowed.has(name)) {
        throw new CrashfixError("USAGE", `--${name} does not apply to ${spec.name}; see --help`);
      }
    }
    if ("print" in spec) {
      if (rest.length > 0) throw new CrashfixError("USAGE", `${spec.name} takes no arguments`);
      stdout.write(spec.print());
      return EXIT_CODES.OK;
    }
    if ("copy" in spec) return spec.copy({ positionals: rest, cwd, stdout });
    if (clientEnv.problems.length > 0) {
      throw new CrashfixError("INVALID_CONFIG", clientEnv.problems.join("; "));
    }
    const config = loadCommandConfig(source);
    if (config.mounted && config.command !== undefined) label = config.command;
    const ctx: CommandContext = {
      config,
      positionals: rest,
      options: values,
      json: values.json === true,
      env,
      clientEnv,
      cwd,
      stdout,
      stderr,
      fetch: io.fetch ?? globalThis.fetch,
      now: io.now ?? Date.now,
    };
    return (await spec.run(ctx)) as ExitCode;
  } catch (error) {
    if (error instanceof UsageError) {
      stderr.write(`${label}: ${error.message}\n`);
      return EXIT_CODES.USAGE;
    }
    if (error instanceof CrashfixError) {
      stderr.write(`${label}: ${error.message}\n`);
      return EXIT_FOR[error.code];
    }
    // Not ours to explain; say so plainly rather than pretend success.
    stderr.write(
      `${label}: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT_CODES.FAILED;
  }
}
