#!/usr/bin/env node
import { readEnvConfig } from "../config/read-env-config.js";
import { startCrashfixServer } from "../server/start-crashfix-server.js";
import { runForgetCommand } from "./forget-command.js";

// The only place that exits. Configuration errors name the variable to fix.
async function main(): Promise<void> {
  if (process.argv[2] === "forget") process.exit(await runForgetCommand(process.argv.slice(3)));
  let config: ReturnType<typeof readEnvConfig>;
  try {
    config = readEnvConfig(process.env);
  } catch (error: unknown) {
    process.stderr.write(
      `crashfix-server: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  }
  const server = await startCrashfixServer(config);
  process.stdout.write(`crashfix-server listening on ${server.url}\n`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`crashfix-server: ${signal}, closing (spooled reports are kept)\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `crashfix-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
