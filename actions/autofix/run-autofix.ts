import { existsSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import * as core from "@actions/core";
import { ActionError } from "../shared/errors.js";
import { parseCrashFacts } from "../shared/facts/crash-facts.js";
import type { Env } from "../shared/inputs/read-inputs.js";
import { runGit } from "../shared/run-git.js";
import { type AgentPlan, PLAN_FILE } from "./agent-plan.js";
import { readAutofixInputs } from "./autofix-inputs.js";
import { renderBrief } from "./render-brief.js";

export const BRIEF_ENV = "CRASHFIX_BRIEF";

export interface AutofixDeps {
  env?: Env;
  // The bundle that runs the agent step (dist/agent/index.js beside this
  // bundle's dist/main/); tests pass their own.
  agentRunner?: string;
}

export interface AutofixSetup {
  plan: string;
  runner: string;
}

function defaultRunner(): string {
  return resolve(dirname(process.argv[1] ?? "."), "..", "agent", "index.js");
}

// The first half of the fix job, run as the action: it holds the runner's
// tokens (every JavaScript action does), so it runs no agent code. It checks
// the facts, writes the brief and the plan, and hands over to the agent step,
// a `run:` step of the workflow that starts after this process has exited:
//   run: node "$CRASHFIX_RUNNER" "$CRASHFIX_PLAN"
// so neither the agent nor the repository's CI is a descendant of a process
// that holds a credential.
export async function runAutofix(deps: AutofixDeps = {}): Promise<AutofixSetup> {
  const env = deps.env ?? process.env;
  const inputs = readAutofixInputs(env);
  const facts = parseCrashFacts(inputs.facts);
  const runner = deps.agentRunner ?? defaultRunner();
  if (!existsSync(runner)) {
    throw new ActionError(
      "INVALID_ENV",
      `the agent step's bundle is missing at ${runner}; use the action's committed dist/`,
    );
  }
  await mkdir(inputs["out-dir"], { recursive: true });
  const briefDir = await mkdtemp(join(inputs["out-dir"], "brief-"));
  const brief = join(briefDir, "brief.md");
  await writeFile(
    brief,
    renderBrief(facts, {
      ciCommand: inputs["ci-command"],
      ...(inputs["public-issue"] ? { publicIssue: inputs["public-issue"] } : {}),
    }),
    { mode: 0o644 },
  );
  const plan: AgentPlan = {
    schema: "1",
    fingerprint: facts.fingerprint,
    workspace: inputs.workspace,
    outDir: inputs["out-dir"],
    brief,
    baseSha: (await runGit(["rev-parse", "HEAD"], { cwd: inputs.workspace })).trim(),
    agentCommand: inputs["agent-command"],
    ciCommand: inputs["ci-command"],
    agentTimeoutMs: Math.round(inputs["agent-timeout-minutes"] * 60_000),
    ciTimeoutMs: Math.round(inputs["ci-timeout-minutes"] * 60_000),
    maxFiles: inputs["max-files"],
    maxPatchBytes: inputs["max-patch-bytes"],
  };
  const planPath = join(inputs["out-dir"], PLAN_FILE);
  await writeFile(planPath, `${JSON.stringify(plan, null, 2)}\n`);
  core.setOutput("plan", planPath);
  core.setOutput("runner", runner);
  return { plan: planPath, runner };
}
