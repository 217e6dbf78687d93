import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import {
  agentScript,
  type BundleRun,
  checkout,
  execCollect,
  PUBLIC_REPO,
  parseOutputFile,
  repoRoot,
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
  // The autofix action (a JavaScript action: it gets the runner's tokens).
  setup: BundleRun;
  // The agent step, the workflow's own run: line; its outputs are the job's.
  run: BundleRun;
  outDir: string;
  workspace: string;
  checkoutMs: number;
}

// What publish gets from the fix job: how it ended, its outputs, and the
// artifact directory.
export interface FixJob {
  result: "success" | "failure" | "cancelled" | "skipped";
  outputs: Record<string, string>;
  outDir: string;
}

export const AGENT_API_KEY = `sk-ant-api03-${"T3stAgentKey".repeat(8)}AA`;

// Tokens the runner hands to every JavaScript action (and so to the autofix
// action), planted to prove no agent finds them, in its own environment or
// in any ancestor's.
export const RUNNER_CREDENTIALS = {
  ACTIONS_RUNTIME_TOKEN: "planted-actions-runtime-token-0c5a7e9f3b1d",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "planted-oidc-request-token-8e2f4a6c0b9d",
  ACTIONS_ID_TOKEN_REQUEST_URL: "https://planted.invalid/oidc?token=planted-oidc-url-7a1b",
  GITHUB_TOKEN: "ghs_plantedRunnerTokenThatMustNotReachTheAgent00",
} as const;

type WorkflowStep = { id?: string; run?: string; env?: Record<string, string> };

// The fix job's agent step as the copy-ready workflow writes it.
async function agentStepOfWorkflow(): Promise<Required<Pick<WorkflowStep, "run" | "env">>> {
  const text = await readFile(join(repoRoot, "docs", "workflows", "crashfix-autofix.yml"), "utf8");
  const workflow = parse(text) as { jobs: Record<string, { steps?: WorkflowStep[] }> };
  const step = workflow.jobs.fix?.steps?.find((s) => s.id === "agent");
  if (!step?.run || !step.env) throw new Error("the fix job has no agent step with run and env");
  return { run: step.run, env: step.env };
}

// Runs a workflow's run: step as the runner does: `bash --noprofile --norc
// -eo pipefail` on the script, the step's env: with its expressions filled
// in, fresh workflow-command files, and no runner token (run: steps get none).
export async function runStep(
  world: World,
  script: string,
  stepEnv: Record<string, string>,
): Promise<BundleRun> {
  const runDir = await mkdtemp(join(world.dir, "step-"));
  const files = {
    GITHUB_OUTPUT: join(runDir, "output"),
    GITHUB_ENV: join(runDir, "env"),
    GITHUB_PATH: join(runDir, "path"),
    GITHUB_STEP_SUMMARY: join(runDir, "summary"),
  };
  for (const path of Object.values(files)) await writeFile(path, "");
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: runDir,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_REPOSITORY: PUBLIC_REPO,
    GITHUB_RUN_ID: "4242",
    RUNNER_TEMP: runDir,
    ...files,
    ...stepEnv,
  };
  const result = await execCollect(
    "bash",
    ["--noprofile", "--norc", "-eo", "pipefail", "-c", script],
    env,
  );
  return {
    ...result,
    outputs: parseOutputFile(await readFile(files.GITHUB_OUTPUT, "utf8")),
    summary: await readFile(files.GITHUB_STEP_SUMMARY, "utf8"),
  };
}

// The unprivileged job: a fresh checkout, no token anywhere in its inputs.
// The autofix action runs with the runner's tokens in its environment, as
// every JavaScript action does; then the agent step runs the workflow's own
// run: line. `env` goes to the agent step (the agent sees it).
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
  const setup = await runBundle(
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
    RUNNER_CREDENTIALS,
  );
  if (setup.code !== 0) return { setup, run: setup, outDir, workspace, checkoutMs };
  const step = await agentStepOfWorkflow();
  const expressions: Record<string, string> = {
    "steps.autofix.outputs.runner": setup.outputs.runner ?? "",
    "steps.autofix.outputs.plan": setup.outputs.plan ?? "",
    "secrets.CRASHFIX_AGENT_API_KEY": AGENT_API_KEY,
  };
  const stepEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.env)) {
    stepEnv[name] = value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_all, expression: string) => {
      const filled = expressions[expression];
      if (filled === undefined)
        throw new Error(`unknown expression ${expression} in the agent step`);
      return filled;
    });
  }
  const run = await runStep(world, step.run, { ...stepEnv, ...extra.env });
  return { setup, run, outDir, workspace, checkoutMs };
}

// The fix job as publish sees it, from an agent job.
export function fixJobOf(job: AgentJob): FixJob {
  return {
    result: job.run.code === 0 ? "success" : "failure",
    outputs: job.run.outputs,
    outDir: job.outDir,
  };
}

export async function publishJob(
  world: World,
  prepared: Prepared,
  fingerprint: string,
  fix: AgentJob | FixJob,
  inputs: Record<string, string> = {},
): Promise<BundleRun> {
  const job = "setup" in fix ? fixJobOf(fix) : fix;
  const workspace = await checkout(world, `pub-${Math.random().toString(36).slice(2)}`);
  const fixInputs: Record<string, string> = { "fix-job": job.result };
  for (const [output, input] of [
    ["status", "fix-status"],
    ["reason", "fix-reason"],
    ["patch-sha256", "patch-sha256"],
    ["refusals", "fix-refusals"],
  ] as const) {
    const value = job.outputs[output];
    if (value) fixInputs[input] = value;
  }
  return runBundle(world, {
    step: "publish",
    token: world.github.token,
    "triage-repo": TRIAGE_REPO,
    fingerprint,
    facts: prepared.facts,
    "public-issue": prepared.publicIssue,
    "attempt-comment": prepared.attemptComment,
    "artifact-dir": job.outDir,
    workspace,
    "known-secrets": AGENT_API_KEY,
    ...fixInputs,
    ...inputs,
  });
}

// The scripted agent (fixtures/agents/scripted-agent.mjs) in one of its modes.
export const agent = (mode: string) => `node ${agentScript} ${mode}`;

// The pull requests opened for a fingerprint's fix branch.
export async function pullsFor(world: World, fingerprint: string) {
  const [owner = "", repo = ""] = PUBLIC_REPO.split("/");
  const { data } = await world.octokit.rest.pulls.list({
    owner,
    repo,
    head: `${owner}:crashfix/${fingerprint.slice(0, 16)}`,
    state: "all",
  });
  return data;
}

export function splitFullName(fullName: string) {
  const [owner = "", repo = ""] = fullName.split("/");
  return { owner, repo };
}

export const publicRepo = splitFullName(PUBLIC_REPO);
export const triageRepo = splitFullName(TRIAGE_REPO);
