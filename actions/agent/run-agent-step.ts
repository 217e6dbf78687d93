import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as core from "@actions/core";
import { codeSpan, shortFingerprint } from "../../triage/index.js";
import { readAgentPlan } from "../autofix/agent-plan.js";
import { BRIEF_ENV } from "../autofix/run-autofix.js";
import { ActionError } from "../shared/errors.js";
import type { Env } from "../shared/inputs/read-inputs.js";
import {
  type AutofixReason,
  type AutofixResult,
  PATCH_FILE,
  RESULT_FILE,
} from "../shared/patch/autofix-result.js";
import { checkChanges } from "../shared/patch/check-changes.js";
import { listChanges, readAddedDiff, SAFE_DIFF_FLAGS } from "../shared/patch/list-changes.js";
import { addedLines, describeFinding, scanAddedLines } from "../shared/patch/scan-patch.js";
import { runGit, runGitRaw } from "../shared/run-git.js";
import { reportStep } from "../shared/write-summary.js";
import { credentialProblems } from "./check-credentials.js";
import { commandEnv, FILE_COMMANDS, runCommand } from "./run-command.js";

export interface AgentStepDeps {
  env?: Env;
  planPath?: string;
  now?: () => number;
  write?: (chunk: string) => void;
}

// Values of this step's own variables that look like keys (the agent's API
// key): the patch must never contain them.
function ownSecrets(env: Env): string[] {
  return Object.entries(env)
    .filter(([name, value]) => /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i.test(name) && value)
    .map(([, value]) => value as string)
    .filter((value) => value.length >= 8);
}

// The agent step: a `run:` step of the fix job (see run-autofix.ts). It runs
// the agent and then the project's CI, each in a sandbox that leaves nothing
// running, checks and scans the change, and records its verdict as step
// outputs only once every process the agent or CI started is gone: the
// publish job trusts those outputs (needs.fix.outputs), never a file.
export async function runAgentStep(deps: AgentStepDeps = {}): Promise<AutofixResult> {
  const env = deps.env ?? process.env;
  const problems = credentialProblems(env);
  if (problems.length > 0) {
    throw new ActionError(
      "INVALID_ENV",
      `refusing to start the agent: ${problems.join("; ")}. Run the agent step as a run: step of its own with no token in its env (docs/actions.md)`,
    );
  }
  const plan = await readAgentPlan(deps.planPath ?? process.argv[2] ?? env.CRASHFIX_PLAN ?? "");
  const cwd = plan.workspace;
  const childEnv = commandEnv(env, { [BRIEF_ENV]: plan.brief });
  const run = (command: string, timeoutMs: number) =>
    runCommand({
      command,
      cwd,
      env: childEnv,
      timeoutMs,
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.write ? { write: deps.write } : {}),
    });
  // git after the agent reads .git/config, which the agent could have made
  // run programs of its own (filters, fsmonitor): it is put back first.
  const gitConfig = join(cwd, ".git", "config");
  const configBefore = existsSync(gitConfig) ? await readFile(gitConfig) : undefined;

  const timings = { agent_ms: 0, ci_ms: 0 };
  const base = { schema: "1" as const, fingerprint: plan.fingerprint, base_sha: plan.baseSha };
  const finish = (reason: AutofixReason, extra: Partial<AutofixResult> = {}): AutofixResult => ({
    ...base,
    status: reason === "ok" ? "ready" : "failed",
    reason,
    files: 0,
    refusals: [],
    timings,
    ...extra,
  });

  core.startGroup("agent");
  const agent = await run(plan.agentCommand, plan.agentTimeoutMs);
  core.endGroup();
  timings.agent_ms = agent.durationMs;
  let result: AutofixResult;
  if (agent.timedOut) result = finish("agent-timeout");
  else if (agent.exitCode !== 0) result = finish("agent-failed");
  else {
    if (configBefore) await writeFile(gitConfig, configBefore);
    // Everything the agent left in the tree, committed or not, against the
    // commit it started from.
    await runGit(["add", "-A"], { cwd });
    const changes = await listChanges(cwd, plan.baseSha);
    const patch = await runGitRaw(
      ["diff", "--cached", "--binary", "--full-index", ...SAFE_DIFF_FLAGS, plan.baseSha],
      { cwd },
    );
    const verdict = checkChanges(changes, patch.length, plan);
    const secrets = scanAddedLines(
      addedLines(await readAddedDiff(cwd, plan.baseSha)),
      ownSecrets(env),
    ).filter((f) => f.confidence === "high");
    if (changes.length === 0) result = finish("no-change");
    else if (!verdict.ok) {
      result = finish("patch-refused", {
        files: changes.length,
        refusals: verdict.reasons.slice(0, 20),
      });
    } else if (secrets.length > 0) {
      result = finish("secret-in-patch", {
        files: changes.length,
        refusals: secrets.slice(0, 20).map((f) => `secret in ${describeFinding(f)}`),
      });
    } else {
      await writeFile(join(plan.outDir, PATCH_FILE), patch);
      core.startGroup("ci");
      const ci = await run(plan.ciCommand, plan.ciTimeoutMs);
      core.endGroup();
      timings.ci_ms = ci.durationMs;
      const reason: AutofixReason = ci.timedOut
        ? "ci-timeout"
        : ci.exitCode !== 0
          ? "ci-failed"
          : "ok";
      result = finish(reason, {
        files: changes.length,
        patch_sha256: createHash("sha256").update(patch).digest("hex"),
      });
    }
  }

  // For people reading the artifact; publish does not read it.
  await writeFile(join(plan.outDir, RESULT_FILE), `${JSON.stringify(result, null, 2)}\n`);
  // Nothing the agent or CI wrote into this step's workflow-command files
  // survives (outputs, later steps' environment and PATH, the summary); the
  // step's own outputs are written after, and so are the only ones.
  for (const name of FILE_COMMANDS) {
    const path = env[name];
    if (path && existsSync(path)) await writeFile(path, "");
  }
  await reportStep(
    {
      status: result.status,
      reason: result.reason,
      files: String(result.files),
      "patch-sha256": result.patch_sha256 ?? "",
      refusals: JSON.stringify(result.refusals),
    },
    {
      heading: "crashfix auto-fix: agent and CI",
      headers: ["fingerprint", "status", "reason", "files", "agent", "CI"],
      rows: [
        [
          codeSpan(shortFingerprint(plan.fingerprint)),
          result.status,
          result.reason,
          String(result.files),
          `${(timings.agent_ms / 1000).toFixed(1)} s`,
          `${(timings.ci_ms / 1000).toFixed(1)} s`,
        ],
      ],
      notes: result.refusals.map((r) => `- refused: ${codeSpan(r, 200)}`),
    },
    env,
  );
  return result;
}
