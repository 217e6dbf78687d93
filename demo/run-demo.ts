import { join } from "node:path";
import type { StackFile } from "../local-stack/stack-file.js";
import { plural } from "../triage/index.js";
import { type MaintainerJourney, runMaintainerJourney } from "./maintainer-journey.js";
import { createDemoOctokit, readTriage, type TriageEntry, waitForCounts } from "./read-triage.js";
import { seedPublicRepo } from "./seed-public-repo.js";
import { check, runUserJourney, type UserView } from "./user-journey.js";

export { DemoError } from "./user-journey.js";

export type DemoOptions = {
  stack: StackFile;
  /** The crashfix checkout: where lib/, dist/, cli/ and demo/ are. */
  root: string;
  /** Scratch space for the simulated user's home, projects and runner folders. */
  workDir: string;
  say: (line: string) => void;
};

export type DemoResult = MaintainerJourney & {
  reportsSent: number;
  triage: TriageEntry[];
  fixed: TriageEntry;
  userView: UserView;
};

/**
 * The whole journey on the local stack: a sample CLI crashes with secrets in
 * its messages, env and paths; the user sees the scrubbed reports, most sent
 * already in the background; the ingest files and counts them; a maintainer
 * confirms the top crash; the promote and auto-fix workflows run as a runner
 * would run them; a draft PR with a fix that passes the project's CI waits
 * for a human. Run again, it adds the new reports and moves nothing back.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { stack, root, say } = options;
  const octokit = createDemoOctokit(stack.apiUrl, stack.token);

  say(`[1/7] the public repository ${stack.publicRepo} holds the sample CLI "tally"`);
  const seeded = await seedPublicRepo({
    sampleDir: join(root, "demo", "sample-cli"),
    gitUrl: `${stack.serverUrl}/${stack.publicRepo}.git`,
    token: stack.token,
  });
  say(
    seeded
      ? "      pushed tally's source (it has a bug in mean())"
      : "      already there (from an earlier run)",
  );

  // Counts already on the triage repo (an earlier demo on the same data).
  const before = await readTriage(octokit, stack.triageRepo);
  const already = before.reduce((sum, entry) => sum + entry.total, 0);

  const user = await runUserJourney(options);
  say("      the ingest files one triage issue per crash and counts every report...");
  const triage = await waitForCounts(octokit, stack.triageRepo, already + user.reportsWritten, {
    onProgress: (counted) =>
      say(`      ${counted - already} of ${user.reportsWritten} counted so far`),
  });
  for (const entry of triage) {
    const where = entry.topFrame ? ` in ${entry.topFrame}` : "";
    say(
      `      #${entry.number} ${entry.errorClass}${where}: ${plural(entry.total, "report")} from ${plural(entry.distinctProjects, "project")}, ${entry.status}`,
    );
  }

  const target = triage.find((entry) => entry.topFrame === "mean");
  check(target, "no triage issue for tally's mean() crash");
  const maintainer = await runMaintainerJourney({ ...options, octokit, target, triage });
  const after = await readTriage(octokit, stack.triageRepo);
  const fixedEntry = after.find((entry) => entry.fingerprint === target.fingerprint) ?? target;
  return {
    ...maintainer,
    reportsSent: user.reportsWritten,
    triage: after,
    fixed: fixedEntry,
    userView: user.view,
  };
}
