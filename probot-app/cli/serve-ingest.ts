import { ConfigError } from "../config/config-error.js";
import { startCrashfixServer } from "../server/start-crashfix-server.js";
import { listenProblem } from "./listen-problem.js";
import { configOrProblems } from "./read-command-config.js";
import type { ServerIo } from "./server-commands.js";

// How long closing may take after SIGINT or SIGTERM before the process exits
// anyway: well inside the 30 s Kubernetes and Heroku wait before they kill.
// Exiting then loses nothing: a report is fsync'd (or in Redis) before its
// 202, and a flush cut short is replayed from the spool on the next start,
// as after a crash. What can outlast it is a GitHub request of the flush in
// progress waiting out a secondary rate limit's Retry-After.
const CLOSE_DEADLINE_MS = 10_000;

/** `crashfix-server start`: serves until SIGINT or SIGTERM; the spool keeps what is not yet filed. */
export async function serveIngest(io: ServerIo): Promise<number> {
  const config = configOrProblems(io);
  if (!config) return 2;
  let server: Awaited<ReturnType<typeof startCrashfixServer>>;
  try {
    server = await startCrashfixServer(config);
  } catch (error: unknown) {
    // A setting the server cannot honour, found once it reached Redis
    // (CRASHFIX_REDIS_WAIT=aof on Redis < 7.2): the message names the fix.
    if (error instanceof ConfigError) {
      io.stderr(`crashfix-server: ${error.problems.join("; ")}\n`);
      return 2;
    }
    const problem = listenProblem(error, config.host, config.port);
    if (!problem) throw error;
    io.stderr(`crashfix-server: ${problem}\n`);
    return 1;
  }
  io.stdout(`crashfix-server listening on ${server.url}\n`);
  const signal = await new Promise<NodeJS.Signals>((done) => {
    process.once("SIGINT", () => done("SIGINT"));
    process.once("SIGTERM", () => done("SIGTERM"));
  });
  io.stderr(`crashfix-server: ${signal}, closing (spooled reports are kept)\n`);
  if (!(await settlesWithin(server.close(), CLOSE_DEADLINE_MS))) {
    io.stderr(
      `crashfix-server: closing took longer than ${CLOSE_DEADLINE_MS / 1000} s; exiting now (reports not yet filed stay in the spool for the next start)\n`,
    );
  }
  return 0;
}

// Whether `work` settled within `ms`; a rejection still reaches the caller.
async function settlesWithin(work: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
