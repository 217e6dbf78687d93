import type { ExitCode } from "./exit-codes.js";
import type { FlushOptions, FlushResult } from "./flush-outbox.js";
import type { CommandIO } from "./run-command.js";

// The command runner and the sender are only needed when a user runs a
// command or reports are flushed; loading them on demand keeps a host's
// `import "crashfix/cli"` to the one bundled file a start needs (the
// bundle leaves these import() calls to load the separate modules).

/**
 * Runs one `crashfix` command line and resolves to its exit code; never
 * exits the process and never throws. A host mounts the commands under its
 * own name: `runCrashfixCommand(["crash", ...rest], { config })`.
 */
export async function runCrashfixCommand(argv: string[], io: CommandIO = {}): Promise<ExitCode> {
  const { runCrashfixCommand: run } = await import("./run-command.js");
  return run(argv, io);
}

/** Sends queued reports now (see flush-outbox.ts for the rules). */
export async function flushOutbox(options: FlushOptions): Promise<FlushResult> {
  const { flushOutbox: flush } = await import("./flush-outbox.js");
  return flush(options);
}
