#!/usr/bin/env node
// `npm run crash`: one more crash of the sample CLI, sent to the running
// `npm start`. The sample user's home and project live in the local data
// folder (ignored by git), so nothing is left in the checkout and the
// first-run notice shows once, as it would for a real user.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findRunningStack } from "../../local-stack/stack-file.js";
import { plural } from "../../triage/index.js";
import { acceptedReports, reportsArrivedSince } from "../ingest-stats.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const dataDir = resolve(process.env.CRASHFIX_LOCAL_DATA ?? ".crashfix-local");

async function main(): Promise<number> {
  const stack = await findRunningStack(dataDir);
  if (!stack) {
    process.stderr.write(
      "npm run crash: no `npm start` is running on this data folder; start it in another terminal first.\n",
    );
    return 1;
  }
  const home = join(dataDir, "sample-user", "home");
  const project = join(dataDir, "sample-user", "project");
  await mkdir(home, { recursive: true });
  await mkdir(project, { recursive: true });
  // The client keeps its state (the notice was shown) in ~/.tally: none yet means a first run.
  const firstRun = !existsSync(join(home, ".tally"));
  const before = await acceptedReports(stack);
  process.stdout.write(`$ tally avg   (a sample user's run, in ${project})\n`);
  const code = await new Promise<number | null>((done) => {
    const child = spawn(
      process.execPath,
      [join(root, "demo", "sample-cli", "bin", "tally.mjs"), "avg"],
      {
        cwd: project,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: home,
          NO_COLOR: "1",
          TALLY_CRASH_ENDPOINT: stack.ingestUrl,
        },
        stdio: "inherit",
      },
    );
    child.on("close", done);
  });
  const arrived = await reportsArrivedSince(stack, before);
  process.stdout.write(
    `\ntally exited ${code}. ${
      arrived > 0
        ? `${plural(arrived, "report")} reached the ingest: the npm start terminal shows ${arrived === 1 ? "it" : "them"}, counted at ${stack.serverUrl}/${stack.triageRepo}`
        : firstRun
          ? "Its report stays on disk: a first run only shows the notice above and sends nothing. Run `npm run crash` again to send it."
          : "Its report waits on disk; the next run sends it in the background."
    }\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `npm run crash: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
