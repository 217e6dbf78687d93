import { parseArgs } from "node:util";
import { readEnvConfig } from "../config/read-env-config.js";
import { flushOnce } from "./flush-once.js";

const USAGE = "usage: crashfix-server flush --once   (one drain of the Redis spool, then exit)";

type Io = { env: NodeJS.ProcessEnv; out: (line: string) => void; err: (line: string) => void };

const defaultIo: Io = {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

// `crashfix-server flush --once`: a scheduler's (cron, a serverless
// schedule) way to drain the Redis spool. Resolves to the exit code: 0 the
// drain ran (reports left are counted by a later run), 1 it failed (Redis
// or GitHub unreachable: nothing is lost, the reports stay in Redis),
// 2 usage or configuration.
export async function runFlushCommand(
  args: readonly string[],
  io: Io = defaultIo,
): Promise<number> {
  let once: boolean | undefined;
  try {
    ({ once } = parseArgs({ args: [...args], options: { once: { type: "boolean" } } }).values);
  } catch (error: unknown) {
    io.err(`crashfix-server flush: ${error instanceof Error ? error.message : String(error)}`);
    io.err(USAGE);
    return 2;
  }
  if (!once) {
    io.err("crashfix-server flush: say --once (the long-running server flushes by itself)");
    io.err(USAGE);
    return 2;
  }
  let config: ReturnType<typeof readEnvConfig>;
  try {
    config = readEnvConfig(io.env);
  } catch (error: unknown) {
    io.err(`crashfix-server flush: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  try {
    const result = await flushOnce(config);
    io.out(
      `crashfix-server flush: counted ${result.counted} reports in ${result.flushed} flushes; ` +
        `${result.deferred} deferred, ${result.failed} failed; ${result.left} left in the spool`,
    );
    return 0;
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    const usage = error instanceof Error && error.name === "ConfigError";
    io.err(`crashfix-server flush: ${message}${usage ? "" : " (reports stay in Redis)"}`);
    return usage ? 2 : 1;
  }
}
