import { ConfigError } from "../config/config-error.js";
import { flushOnce } from "../flush/flush-once.js";
import { configOrProblems } from "./read-command-config.js";
import type { ServerIo } from "./server-commands.js";

// `crashfix-server flush --once`: a scheduler's (cron, a serverless
// schedule) way to drain the Redis spool. The exit code: 0 the drain ran
// (reports left are counted by a later run), 1 it failed (Redis or GitHub
// unreachable: nothing is lost, the reports stay in Redis), 2 usage or
// configuration.
export async function runFlushCommand(io: ServerIo, once: boolean): Promise<number> {
  if (!once) {
    io.stderr(
      "crashfix-server flush: say --once (a running crashfix-server flushes by itself; flush --once is for a scheduler)\n(crashfix-server --help lists every option)\n",
    );
    return 2;
  }
  const config = configOrProblems(io);
  if (!config) return 2;
  try {
    const result = await flushOnce(config);
    io.stdout(
      `crashfix-server flush: counted ${result.counted} reports in ${result.flushed} flushes; ` +
        `${result.deferred} deferred, ${result.failed} failed; ${result.left} left in the spool\n`,
    );
    return 0;
  } catch (error: unknown) {
    if (error instanceof ConfigError) {
      io.stderr(`crashfix-server flush: ${error.problems.join("; ")}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`crashfix-server flush: ${message} (reports stay in Redis)\n`);
    return 1;
  }
}
