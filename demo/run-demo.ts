import { mkdir, mkdtemp, readdir } from "node:fs/promises";
import { join } from "node:path";
import type { StackFile } from "../local-stack/stack-file.js";
import { crashSampleCli, userEnv } from "./crash-sample-cli.js";
import {
  createDemoOctokit,
  findFixPull,
  findPublicIssue,
  readTriage,
  type TriageEntry,
  waitForCounts,
} from "./read-triage.js";
import { runActionStep } from "./run-action-step.js";
import { runGit } from "./run-git.js";
import { runNode } from "./run-node.js";
import { authedGitUrl, seedPublicRepo } from "./seed-public-repo.js";

export type DemoOptions = {
  stack: StackFile;
  /** The crashfix checkout: where lib/, dist/ and demo/ are. */
  root: string;
  /** Scratch space for the simulated user's home, projects and runner folders. */
  workDir: string;
  say: (line: string) => void;
};

export type DemoResult = {
  reportsSent: number;
  triage: TriageEntry[];
  fixed: TriageEntry;
  publicIssue: { number: number; url: string; body: string };
  pull: { number: number; url: string; draft: boolean; head: string };
  userView: { list: string; show: string; firstStderr: string };
};

export class DemoError extends Error {
  readonly code = "DEMO_FAILED";
}

function step(condition: unknown, message: string): asserts condition {
  if (!condition) throw new DemoError(message);
}

async function countReports(projects: string[]): Promise<number> {
  let count = 0;
  for (const project of projects) {
    const names = await readdir(join(project, ".tally", "crash")).catch(() => []);
    count += names.filter((name) => name.endsWith(".json")).length;
  }
  return count;
}

async function cloneWithoutCredentials(stack: StackFile, gitUrl: string, dir: string) {
  await mkdir(dir, { recursive: true });
  await runGit(["clone", "-q", authedGitUrl(gitUrl, stack.token), "."], dir);
  // As actions/checkout with persist-credentials: false: nothing to push with.
  await runGit(["remote", "set-url", "origin", gitUrl], dir);
}

/**
 * The whole journey on the local stack: a sample CLI crashes with secrets in
 * its messages, env and paths; the user sees the scrubbed reports and sends
 * them; the ingest files and counts them; a maintainer confirms the top crash;
 * the promote and auto-fix steps run as a runner would run them; a draft PR
 * with a fix that passes the project's CI waits for a human.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { stack, root, say } = options;
  const octokit = createDemoOctokit(stack.apiUrl, stack.token);
  const gitUrl = `${stack.serverUrl}/${stack.publicRepo}.git`;
  const crashfixBin = join(root, "cli", "dist", "bin", "crashfix.js");

  say(`[1/7] the public repository ${stack.publicRepo} holds the sample CLI "tally"`);
  const seeded = await seedPublicRepo({
    sampleDir: join(root, "demo", "sample-cli"),
    gitUrl,
    token: stack.token,
  });
  say(seeded ? "      pushed tally's source (it has a bug in mean())" : "      already there");

  // Counts already on the triage repo (an earlier demo on the same data).
  const before = await readTriage(octokit, stack.triageRepo);
  const already = before.reduce((sum, entry) => sum + entry.total, 0);

  say("[2/7] a user runs tally in three projects; it crashes nine times, four ways");
  const session = await crashSampleCli({
    workDir: options.workDir,
    tallyBin: join(root, "demo", "sample-cli", "bin", "tally.mjs"),
    endpoint: stack.ingestUrl,
    onRun: (run, index, total) =>
      say(`      ${index + 1}/${total} tally ${run.args[0]} -> exit ${run.exitCode}`),
  });
  const firstProject = session.projects[0] as string;
  const env = userEnv(session.home, { CRASHFIX_ENDPOINT: stack.ingestUrl });

  say("[3/7] what the user sees: `tally crash` and `tally crash show` (scrubbed, whitelist only)");
  const list = await runNode([crashfixBin, "--app", "tally", "crash"], { cwd: firstProject, env });
  step(list.code === 0, `crash list failed: ${list.stderr}`);
  for (const line of list.stdout.trimEnd().split("\n")) say(`      ${line}`);
  const listed = await runNode([crashfixBin, "--app", "tally", "crash", "--json"], {
    cwd: firstProject,
    env,
  });
  const firstId = (JSON.parse(listed.stdout) as Array<{ id: string }>)[0]?.id;
  step(firstId, "no local report was written");
  const shown = await runNode([crashfixBin, "--app", "tally", "crash", "show", firstId], {
    cwd: firstProject,
    env,
  });
  step(shown.code === 0, `crash show failed: ${shown.stderr}`);
  for (const line of shown.stdout.trimEnd().split("\n")) say(`      ${line}`);

  say("[4/7] the user sends them (`tally crash submit --all`); the ingest files and counts them");
  for (const project of session.projects) {
    const submitted = await runNode([crashfixBin, "--app", "tally", "crash", "submit", "--all"], {
      cwd: project,
      env,
    });
    step(submitted.code === 0, `crash submit failed: ${submitted.stderr}${submitted.stdout}`);
  }
  const reportsSent = await countReports(session.projects);
  const triage = await waitForCounts(octokit, stack.triageRepo, already + reportsSent);
  for (const entry of triage) {
    const where = entry.topFrame ? ` in ${entry.topFrame}` : "";
    say(
      `      #${entry.number} ${entry.errorClass}${where}: ${entry.total} reports from ${entry.distinctProjects} projects, ${entry.status}`,
    );
  }

  const target = triage.find((entry) => entry.topFrame === "mean");
  step(target, "no triage issue for tally's mean() crash");
  say(`[5/7] a maintainer confirms #${target.number} (POST /v1/crash/promote)`);
  const promoteAnswer = await fetch(`${stack.ingestUrl}/v1/crash/promote`, {
    method: "POST",
    headers: { authorization: `Bearer ${stack.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ fingerprint: target.fingerprint }),
  });
  step(
    promoteAnswer.ok || promoteAnswer.status === 409,
    `promote answered ${promoteAnswer.status}`,
  );

  const runnerTemp = await mkdtemp(join(options.workDir, "runner-"));
  const runner = {
    actionEntry: join(root, "dist", "main", "index.js"),
    serverUrl: stack.serverUrl,
    apiUrl: stack.apiUrl,
    repository: stack.publicRepo,
    runnerTemp,
  };
  const repoInputs = {
    token: stack.token,
    repo: stack.publicRepo,
    "triage-repo": stack.triageRepo,
  };

  say("[6/7] the scheduled promote step: a sanitized public issue");
  const promoted = await runActionStep(runner, { step: "promote", ...repoInputs });
  step(promoted.code === 0, `the promote step failed:\n${promoted.log}`);
  const publicIssue = await findPublicIssue(octokit, stack.publicRepo, target.fingerprint);
  step(publicIssue, "the promote step opened no public issue");
  say(
    `      public issue #${publicIssue.number}; ready for auto-fix: ${promoted.outputs.fingerprints ?? "[]"}`,
  );

  say("[7/7] auto-fix: prepare, then the agent and CI with no credential, then publish");
  const existing = await findFixPull(octokit, stack.publicRepo, target.fingerprint);
  if (existing) {
    say(`      a pull request is already open for this crash: #${existing.number}`);
  } else {
    const fp = target.fingerprint;
    const prepared = await runActionStep(runner, {
      step: "prepare",
      ...repoInputs,
      fingerprint: fp,
    });
    step(prepared.code === 0, `the prepare step failed:\n${prepared.log}`);
    step(prepared.outputs.proceed === "true", `prepare said no: ${prepared.outputs.reason}`);
    const fixDir = join(runnerTemp, "fix-checkout");
    const outDir = join(runnerTemp, "crashfix-autofix");
    await cloneWithoutCredentials(stack, gitUrl, fixDir);
    const started = Date.now();
    const fixed = await runActionStep(
      { ...runner, workspace: fixDir },
      {
        step: "autofix",
        facts: prepared.outputs.facts ?? "",
        "public-issue": prepared.outputs["public-issue"] ?? "",
        "out-dir": outDir,
        "agent-command": `node "${join(root, "demo", "agent", "scripted-agent.mjs")}"`,
        "ci-command": "node --test test/",
        "agent-timeout-minutes": "2",
        "ci-timeout-minutes": "2",
      },
    );
    say(`      agent + CI: ${fixed.outputs.status ?? "?"} in ${Date.now() - started} ms`);
    step(
      fixed.outputs.status === "ready",
      `the auto-fix step did not produce a fix:\n${fixed.log}`,
    );
    const publishDir = join(runnerTemp, "publish-checkout");
    await cloneWithoutCredentials(stack, gitUrl, publishDir);
    const published = await runActionStep(
      { ...runner, workspace: publishDir },
      {
        step: "publish",
        ...repoInputs,
        fingerprint: fp,
        facts: prepared.outputs.facts ?? "",
        "public-issue": prepared.outputs["public-issue"] ?? "",
        "attempt-comment": prepared.outputs["attempt-comment"] ?? "",
        "artifact-dir": outDir,
      },
    );
    step(published.code === 0, `the publish step failed:\n${published.log}`);
    say(`      publish: ${published.outputs.outcome ?? "?"}`);
  }
  const pull = await findFixPull(octokit, stack.publicRepo, target.fingerprint);
  step(pull, "no pull request was opened");
  const after = await readTriage(octokit, stack.triageRepo);
  const fixedEntry = after.find((entry) => entry.fingerprint === target.fingerprint) ?? target;
  return {
    reportsSent,
    triage: after,
    fixed: fixedEntry,
    publicIssue,
    pull,
    userView: { list: list.stdout, show: shown.stdout, firstStderr: session.firstStderr },
  };
}
