#!/usr/bin/env node
import { ConfigError } from "../config/config-error.js";
import { readEnvConfig } from "../config/read-env-config.js";
import { runFlushCommand } from "../flush/flush-command.js";
import { startCrashfixServer } from "../server/start-crashfix-server.js";

// Subcommands beside serving (the default); each resolves to its exit code.
const subcommands: Record<string, (args: readonly string[]) => Promise<number>> = {
  flush: runFlushCommand,
};

// The only place that exits. Configuration errors name the variable to fix.
async function main(): Promise<void> {
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

const [name = "", ...args] = process.argv.slice(2);
const subcommand = Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
(subcommand ? subcommand(args).then((code) => process.exit(code)) : main()).catch(
  (error: unknown) => {
    // A setting the server cannot honour, found once it reached Redis: the
    // message names the fix.
    if (error instanceof ConfigError) {
      process.stderr.write(`crashfix-server: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(
      `crashfix-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
