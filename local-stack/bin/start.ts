#!/usr/bin/env node
// `npm start`: the local GitHub and the ingest, until Ctrl-C.
import { relative } from "node:path";
import { parseStartArgs, START_USAGE, StartUsageError } from "../parse-start-args.js";
import { startLocalStack } from "../start-local-stack.js";

// The servers wrap listen errors in their own; the socket's code is in the cause chain.
function isAddressInUse(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if ((current as NodeJS.ErrnoException).code === "EADDRINUSE") return true;
    if (current instanceof Error && /EADDRINUSE/.test(current.message)) return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseStartArgs>;
  try {
    args = parseStartArgs(process.argv.slice(2));
  } catch (error: unknown) {
    if (!(error instanceof StartUsageError)) throw error;
    process.stderr.write(`crashfix start: ${error.message}\n${START_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${START_USAGE}\n`);
    return 0;
  }
  let stack: Awaited<ReturnType<typeof startLocalStack>>;
  try {
    stack = await startLocalStack({
      dataDir: args.dataDir,
      githubPort: args.githubPort,
      ingestPort: args.ingestPort,
      logLevel: "warn",
    });
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    const hint = isAddressInUse(error)
      ? " (is another `npm start` running? stop it, or pass --github-port/--ingest-port)"
      : "";
    process.stderr.write(`crashfix start: cannot start: ${reason}${hint}\n`);
    return 1;
  }
  const data = relative(process.cwd(), stack.dataDir) || ".";
  process.stdout.write(
    [
      "crashfix is running on this machine (no GitHub account, no network).",
      "",
      `  local GitHub   ${stack.serverUrl}/   <- open this to see what crashfix files`,
      `  ingest         ${stack.ingestUrl}/v1/crash`,
      `  data           ${data}/ (kept across restarts)`,
      "",
      "Send a crash from the sample CLI (in another terminal):",
      `  TALLY_CRASH_ENDPOINT=${stack.ingestUrl} node demo/sample-cli/bin/tally.mjs avg`,
      "or run the whole journey: npm run demo",
      "",
      "Ctrl-C stops both.",
      "",
    ].join("\n"),
  );
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  process.stdout.write("\nstopping...\n");
  await stack.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `crashfix start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
