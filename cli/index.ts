// crashfix: the client a command-line tool embeds. The package's entry
// (index-loader.ts) runs this module and all it imports as one script, from
// V8's code cache where it can; the first capture loads the scrubber
// (capture/scrubber.ts), and the commands and the sender load on first use.
import type { CommandIO } from "./commands/run-command.js";
import type { ExitCode } from "./exit-codes.js";
import type { FlushOptions, FlushResult } from "./outbox/flush-outbox.js";
import { recordCommandExitCode } from "./reporter/own-exit-codes.js";
import { startHost } from "./start/start-host.js";

export type { CaptureResult } from "./capture/capture-event.js";
export {
  type CollectionDecision,
  decideCollection,
} from "./collection/decide-collection.js";
export type { CommandIO } from "./commands/run-command.js";
export type { CrashReporterConfig } from "./config/reporter-config.js";
export type { ResolvedConfig } from "./config/resolve-config.js";
export { CrashfixError, type CrashfixErrorCode } from "./errors.js";
export { EXIT_CODES, type ExitCode } from "./exit-codes.js";
export { renderDisclosure } from "./notice/render-disclosure.js";
export type { FlushOptions, FlushResult } from "./outbox/flush-outbox.js";
export {
  type CrashReporter,
  createCrashReporter,
  type InstallOptions,
  type ReporterOptions,
} from "./reporter/create-crash-reporter.js";
export type { FrictionKind } from "./reporter/friction.js";
export { DEFAULT_IGNORED_EXIT_CODES } from "./reporter/ignored-exit-codes.js";

/** The commands and the sender: through the package's entry where it ran this code as a script. */
const loadCommands = (): Promise<typeof import("./commands-entry.js")> =>
  startHost?.loadCommands() ?? import("./commands-entry.js");

/**
 * Runs one crashfix command line (`["crash", "show", "1a2b3c4d"]`) and
 * resolves to its exit code; never exits and never throws. A host mounts
 * the commands under its own name: pass the reporter's config, with
 * `command` set to how users run them (`loki`). A nonzero code it returns
 * is not reported as a crash of the host.
 */
export async function runCrashfixCommand(argv: string[], io: CommandIO = {}): Promise<ExitCode> {
  const { runCommand } = await loadCommands();
  const code = await runCommand(argv, io);
  recordCommandExitCode(code);
  return code;
}

/** Sends queued reports now (see outbox/flush-outbox.ts for the rules). */
export async function flushOutbox(options: FlushOptions): Promise<FlushResult> {
  const { flushOutbox: flush } = await loadCommands();
  return flush(options);
}
