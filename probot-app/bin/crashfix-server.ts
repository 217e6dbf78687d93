#!/usr/bin/env node
import { runServerCli } from "../cli/run-server-cli.js";

// The only place that exits. Configuration errors name every variable to fix.
runServerCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Unexpected: say what failed in one line; the stack is for LOG_LEVEL=debug.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`crashfix-server: stopped on an unexpected error: ${message}\n`);
    if (process.env.LOG_LEVEL === "debug" || process.env.LOG_LEVEL === "trace") {
      process.stderr.write(`${error instanceof Error ? error.stack : ""}\n`);
    }
    process.exit(1);
  },
);
