import { mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import {
  type BundleRun,
  checkout,
  PUBLIC_REPO,
  runBundle,
  TRIAGE_REPO,
  type World,
} from "./world.js";

export interface Prepared {
  run: BundleRun;
  proceed: boolean;
  facts: string;
  publicIssue: string;
  attemptComment: string;
}

export function promote(world: World, inputs: Record<string, string> = {}): Promise<BundleRun> {
  return runBundle(world, {
    step: "promote",
    token: world.github.token,
    "triage-repo": TRIAGE_REPO,
    ...inputs,
  });
}

export async function prepare(
  world: World,
  fingerprint: string,
  maxAttempts = "3",
): Promise<Prepared> {
  const run = await runBundle(world, {
    step: "prepare",
    token: world.github.token,
    "triage-repo": TRIAGE_REPO,
    fingerprint,
    "max-attempts": maxAttempts,
  });
  return {
    run,
    proceed: run.outputs.proceed === "true",
    facts: run.outputs.facts ?? "",
    publicIssue: run.outputs["public-issue"] ?? "",
    attemptComment: run.outputs["attempt-comment"] ?? "",
  };
}

export interface AgentJob {
  run: BundleRun;
  outDir: string;
  workspace: string;
  checkoutMs: number;
}

// The unprivileged job: a fresh checkout, no token anywhere in its inputs.
// A GITHUB_TOKEN is planted in its environment to prove the agent never sees it.
export async function agentJob(
  world: World,
  prepared: Prepared,
  agentCommand: string,
  extra: { inputs?: Record<string, string>; env?: Record<string, string> } = {},
): Promise<AgentJob> {
  const started = Date.now();
  const workspace = await checkout(world, `ws-${Math.random().toString(36).slice(2)}`);
  const checkoutMs = Date.now() - started;
  const outDir = await mkdtemp(join(world.dir, "out-"));
  const run = await runBundle(
    world,
    {
      step: "autofix",
      facts: prepared.facts,
      "public-issue": prepared.publicIssue,
      workspace,
      "out-dir": outDir,
      "agent-command": agentCommand,
      "ci-command": "node --test test/",
      ...extra.inputs,
    },
    { GITHUB_TOKEN: "ghs_plantedRunnerTokenThatMustNotReachTheAgent00", ...extra.env },
  );
  return { run, outDir, workspace, checkoutMs };
}

export async function publishJob(
  world: World,
  prepared: Prepared,
  fingerprint: string,
  artifactDir: string,
  inputs: Record<string, string> = {},
): Promise<BundleRun> {
  const workspace = await checkout(world, `pub-${Math.random().toString(36).slice(2)}`);
  return runBundle(world, {
    step: "publish",
    token: world.github.token,
    "triage-repo": TRIAGE_REPO,
    fingerprint,
    facts: prepared.facts,
    "public-issue": prepared.publicIssue,
    "attempt-comment": prepared.attemptComment,
    "artifact-dir": artifactDir,
    workspace,
    ...inputs,
  });
}

export function splitFullName(fullName: string) {
  const [owner = "", repo = ""] = fullName.split("/");
  return { owner, repo };
}

export const publicRepo = splitFullName(PUBLIC_REPO);
export const triageRepo = splitFullName(TRIAGE_REPO);
