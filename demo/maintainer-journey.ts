import { mkdir, mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import type { Octokit } from "@octokit/rest";
import type { StackFile } from "../local-stack/stack-file.js";
import { startWorkflowRun } from "./local-runner.js";
import { findFixPull, findPublicIssue, type TriageEntry } from "./read-triage.js";
import { runActionStep } from "./run-action-step.js";
import { runGit } from "./run-git.js";
import { authedGitUrl } from "./seed-public-repo.js";
import { check } from "./user-journey.js";

export type MaintainerJourney = {
  publicIssue: { number: number; url: string; body: string };
  pull: { number: number; url: string; draft: boolean; head: string };
};

async function cloneWithoutCredentials(stack: StackFile, gitUrl: string, dir: string) {
  await mkdir(dir, { recursive: true });
  await runGit(["clone", "-q", authedGitUrl(gitUrl, stack.token), "."], dir);
  // As actions/checkout with persist-credentials: false: nothing to push with.
  await runGit(["remote", "set-url", "origin", gitUrl], dir);
}

/** POST /v1/crash/promote: what a maintainer does to confirm a crash. */
async function confirm(stack: StackFile, target: TriageEntry, say: (line: string) => void) {
  say(`[5/7] a maintainer confirms #${target.number} (POST /v1/crash/promote)`);
  const answer = await fetch(`${stack.ingestUrl}/v1/crash/promote`, {
    method: "POST",
    headers: { authorization: `Bearer ${stack.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ fingerprint: target.fingerprint }),
  });
  if (!answer.ok) check(false, `promote answered ${answer.status}: ${await answer.text()}`);
  const result = (await answer.json()) as { status: string; unchanged?: boolean };
  say(
    result.unchanged
      ? `      it is already ${result.status}; a confirm never moves a crash back, so it stays there`
      : `      #${target.number} is now ${result.status}`,
  );
}

/**
 * Steps 5 to 7: a maintainer confirms the top crash, then the promote and
 * auto-fix workflows run as a runner would run them, each a run on the local
 * GitHub's Actions page with its job summaries.
 */
export async function runMaintainerJourney(options: {
  stack: StackFile;
  root: string;
  workDir: string;
  octokit: Octokit;
  target: TriageEntry;
  triage: readonly TriageEntry[];
  say: (line: string) => void;
}): Promise<MaintainerJourney> {
  const { stack, root, octokit, target, say } = options;
  const gitUrl = `${stack.serverUrl}/${stack.publicRepo}.git`;
  await confirm(stack, target, say);

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

  say("[6/7] the scheduled promote workflow: confirmed crashes become sanitized public issues");
  const promoteRun = await startWorkflowRun(stack, stack.publicRepo, "crashfix-promote");
  const promoted = await promoteRun.job("promote", runner, { step: "promote", ...repoInputs });
  check(promoted.code === 0, `the promote step failed:\n${promoted.log}`);
  const publicIssue = await findPublicIssue(octokit, stack.publicRepo, target.fingerprint);
  check(publicIssue, "the promote step opened no public issue");
  const ready = JSON.parse(promoted.outputs.fingerprints ?? "[]") as string[];
  const named = ready.map((fp) => {
    const entry = options.triage.find((item) => item.fingerprint === fp);
    return `${fp.slice(0, 12)}${entry ? ` (#${entry.number} ${entry.errorClass}${entry.topFrame ? ` in ${entry.topFrame}` : ""})` : ""}`;
  });
  say(`      public issue #${publicIssue.number}: ${publicIssue.url}`);
  say(`      ready for auto-fix: ${named.length > 0 ? named.join(", ") : "none"}`);
  say(`      the run and its summary: ${promoteRun.url}`);

  say("[7/7] auto-fix: prepare, then the agent and CI with no credential, then publish");
  const existing = await findFixPull(octokit, stack.publicRepo, target.fingerprint);
  if (existing) {
    say(`      a pull request is already open for this crash: #${existing.number} (one per crash)`);
  } else {
    check(ready.includes(target.fingerprint), `#${target.number} is not ready for auto-fix`);
    const fp = target.fingerprint;
    const autofixRun = await startWorkflowRun(stack, stack.publicRepo, "crashfix-autofix");
    const prepared = await autofixRun.job("prepare", runner, {
      step: "prepare",
      ...repoInputs,
      fingerprint: fp,
    });
    check(prepared.code === 0, `the prepare step failed:\n${prepared.log}`);
    check(prepared.outputs.proceed === "true", `prepare said no: ${prepared.outputs.reason}`);
    const fixDir = join(runnerTemp, "fix-checkout");
    const outDir = join(runnerTemp, "crashfix-autofix");
    await cloneWithoutCredentials(stack, gitUrl, fixDir);
    say(
      "      the agent edits a checkout with no credential, then the project's CI runs (a few seconds)...",
    );
    const started = Date.now();
    const setup = await runActionStep(
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
    check(setup.code === 0, `the autofix step failed:\n${setup.log}`);
    // The agent step: a run: step of its own, `node "$CRASHFIX_RUNNER" "$CRASHFIX_PLAN"`,
    // after the action that holds the runner's tokens has finished.
    const fixed = await autofixRun.job("fix", { ...runner, workspace: fixDir }, {}, [
      setup.outputs.runner ?? "",
      setup.outputs.plan ?? "",
    ]);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    say(
      `      agent + CI: ${fixed.outputs.status === "ready" ? "a fix that passes CI" : (fixed.outputs.status ?? "?")} in ${seconds} s`,
    );
    check(
      fixed.outputs.status === "ready",
      `the auto-fix step did not produce a fix:\n${fixed.log}`,
    );
    const publishDir = join(runnerTemp, "publish-checkout");
    await cloneWithoutCredentials(stack, gitUrl, publishDir);
    const published = await autofixRun.job(
      "publish",
      { ...runner, workspace: publishDir },
      {
        step: "publish",
        ...repoInputs,
        fingerprint: fp,
        facts: prepared.outputs.facts ?? "",
        "public-issue": prepared.outputs["public-issue"] ?? "",
        "attempt-comment": prepared.outputs["attempt-comment"] ?? "",
        "artifact-dir": outDir,
        "fix-job": fixed.code === 0 ? "success" : "failure",
        "fix-status": fixed.outputs.status ?? "",
        "fix-reason": fixed.outputs.reason ?? "",
        "patch-sha256": fixed.outputs["patch-sha256"] ?? "",
      },
    );
    check(published.code === 0, `the publish step failed:\n${published.log}`);
    say(
      `      publish: ${published.outputs.outcome === "proposed" ? "a draft pull request opened" : (published.outputs.outcome ?? "?")}`,
    );
    say(`      the run and its three job summaries: ${autofixRun.url}`);
  }
  const pull = await findFixPull(octokit, stack.publicRepo, target.fingerprint);
  check(pull, "no pull request was opened");
  return { publicIssue, pull };
}
