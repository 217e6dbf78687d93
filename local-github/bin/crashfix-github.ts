#!/usr/bin/env node
import { runCli } from "../cli/run-cli.js";

// Entry point: parse flags, start, print the base URL, stop cleanly on a signal.
try {
  const { exitCode, server } = await runCli({
    argv: process.argv.slice(2),
    env: process.env,
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  });
  if (!server) process.exit(exitCode);
  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(`crashfix-github: ${signal}, stopping\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error: unknown) {
  // Unexpected (an unwritable data folder, a broken credentials file): one line, no stack.
  process.stderr.write(
    `crashfix-github: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
