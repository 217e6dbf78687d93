// crashfix: the client a command-line tool embeds. Importing it loads what a
// start needs (one file); the first capture loads the scrubber
// (capture/scrubber.ts), and the commands and the sender load on first use.
import { clientDir } from "./bin-path.js";
import type { CommandIO } from "./commands/run-command.js";
import type { ExitCode } from "./exit-codes.js";
import type { FlushOptions, FlushResult } from "./outbox/flush-outbox.js";
import { recordCommandExitCode } from "./reporter/own-exit-codes.js";
import { startHooks } from "./start/start-hooks.js";

export type { CaptureResult } from "./capture/capture-event.js";
export {
  type CollectionDecision,
  decideCollection,
} from "./collection/decide-collection.js";
export type { CommandIO } from "./commands/run-command.js";
export { crashfixEnv } from "./config/crashfix-env.js";
export type { CrashReporterConfig } from "./config/reporter-config.js";
export type { ResolvedConfig } from "./config/resolve-config.js";
export { CrashfixError, type CrashfixErrorCode } from "./errors.js";
export { EXIT_CODES, type ExitCode } from "./exit-codes.js";
export { renderDisclosure } from "./notice/render-disclosure.js";
export type { FlushOptions, FlushResult } from "./outbox/flush-outbox.js";
export {
  type CrashReporter,
  createCrashReporter,
  DEFAULT_IGNORED_EXIT_CODES,
  type InstallOptions,
  type ReporterOptions,
} from "./reporter/create-crash-reporter.js";
export type { FrictionKind } from "./reporter/friction.js";

/**
 * The commands and the sender, loading crashfix's files from where this
 * code does: a bundler may have put them in a chunk folder of their own,
 * and the captures and the background send this code starts look here.
 */
async function commands(): Promise<typeof import("./commands-entry.js")> {
  const loaded = await (startHooks()?.importCommands() ?? import("./commands-entry.js"));
  try {
    loaded.useFilesBeside(clientDir());
  } catch {
    // This code cannot tell its folder: the commands look beside their own.
  }
  return loaded;
}

/**
 * Runs one crashfix command line (`["crash", "show", "1a2b3c4d"]`) and
 * resolves to its exit code; never exits and never throws. A host mounts
 * the commands under its own name: pass the reporter's config, with
 * `command` set to how users run them (`loki`). A nonzero code it returns
 * is not reported as a crash of the host.
 */
export async function runCrashfixCommand(argv: string[], io: CommandIO = {}): Promise<ExitCode> {
  const { runCommand } = await commands();
  const code = await runCommand(argv, io);
  recordCommandExitCode(code);
  return code;
}

/** Sends queued reports now (see outbox/flush-outbox.ts for the rules). */
export async function flushOutbox(options: FlushOptions): Promise<FlushResult> {
  const { flushOutbox: flush } = await commands();
  return flush(options);
}
