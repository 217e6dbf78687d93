#!/usr/bin/env node
// `npm run demo`: the whole journey on this machine. It uses a running
// `npm start` when there is one, and otherwise starts the same stack itself.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isAddressInUse, portInUseMessage } from "../../command-line/port-option.js";
import { findRunningStack, type StackFile } from "../../local-stack/stack-file.js";
import {
  type LocalStack,
  StackStartError,
  startLocalStack,
} from "../../local-stack/start-local-stack.js";
import { runDemo } from "../run-demo.js";

// lib/demo/bin/demo.js -> the checkout's root
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const dataDir = resolve(process.env.CRASHFIX_LOCAL_DATA ?? ".crashfix-local");

async function main(): Promise<number> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  let own: LocalStack | undefined;
  let stack: StackFile | undefined = await findRunningStack(dataDir);
  if (stack) {
    say(`using the running \`npm start\` (${stack.serverUrl}/)`);
  } else {
    say("starting the local GitHub and the ingest (as `npm start` does)...");
    try {
      own = await startLocalStack({
        dataDir,
        githubPort: 3700,
        ingestPort: 3701,
        logLevel: "error",
      });
    } catch (error: unknown) {
      if (!(error instanceof StackStartError) || !isAddressInUse(error)) throw error;
      const what = error.part === "github" ? "the local GitHub" : "the ingest";
      process.stderr.write(
        `crashfix demo: ${portInUseMessage(what, "127.0.0.1", error.port, "If it is an `npm start` on another data folder, run the demo with CRASHFIX_LOCAL_DATA set to that folder, or stop it.")}\n`,
      );
      return 1;
    }
    stack = own;
  }
  const workDir = await mkdtemp(join(tmpdir(), "crashfix-demo-"));
  try {
    const result = await runDemo({ stack, root, workDir, say });
    say("");
    say("Done. What crashfix filed, on the local GitHub:");
    say(`  triage issue (private repo)  ${result.fixed.url}`);
    say(`  public issue                 ${result.publicIssue.url}`);
    say(`  auto-fix pull request        ${result.pull.url}${result.pull.draft ? " (draft)" : ""}`);
    say(`  workflow runs and summaries  ${stack.serverUrl}/${stack.publicRepo}/actions`);
    say(`  everything                   ${stack.serverUrl}/`);
    if (own) say("\nThe servers stop now; `npm start` serves the same data again at these links.");
    return 0;
  } finally {
    await rm(workDir, { recursive: true, force: true });
    await own?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `crashfix demo: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
