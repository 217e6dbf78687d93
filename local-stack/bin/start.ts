#!/usr/bin/env node
// `npm start`: the local GitHub and the ingest, until Ctrl-C.
import { runStart } from "../run-start.js";

runStart({
  argv: process.argv.slice(2),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stopRequested: () =>
    new Promise((done) => {
      process.once("SIGINT", () => done());
      process.once("SIGTERM", () => done());
    }),
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `npm start: stopped on an unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
