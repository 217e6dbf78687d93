import { isAddressInUse, portInUseMessage } from "../../command-line/port-option.js";
import { ConfigError } from "../config/config-error.js";
import { startCrashfixServer } from "../server/start-crashfix-server.js";
import { configOrProblems } from "./check-environment.js";
import type { ServerIo } from "./server-commands.js";

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
    if (!isAddressInUse(error)) throw error;
    io.stderr(
      `crashfix-server: ${portInUseMessage("the ingest", config.host, config.port, "Set PORT to another port (PORT=0 picks a free one).")}\n`,
    );
    return 1;
  }
  io.stdout(`crashfix-server listening on ${server.url}\n`);
  const signal = await new Promise<NodeJS.Signals>((done) => {
    process.once("SIGINT", () => done("SIGINT"));
    process.once("SIGTERM", () => done("SIGTERM"));
  });
  io.stderr(`crashfix-server: ${signal}, closing (spooled reports are kept)\n`);
  await server.close();
  return 0;
}
