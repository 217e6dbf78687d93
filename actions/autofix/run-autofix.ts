import { createHash } from "node:crypto";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as core from "@actions/core";
import {
  type AutofixReason,
  type AutofixResult,
  PATCH_FILE,
  RESULT_FILE,
} from "../shared/autofix-result.js";
import { checkChanges } from "../shared/check-changes.js";
import { parseCrashFacts } from "../shared/crash-facts.js";
import { listChanges, SAFE_DIFF_FLAGS } from "../shared/list-changes.js";
import type { Env } from "../shared/read-inputs.js";
import { renderBrief } from "../shared/render-brief.js";
import { codeSpan } from "../shared/render-inert.js";
import { commandEnv, runCommand } from "../shared/run-command.js";
import { runGit, runGitRaw } from "../shared/run-git.js";
import { writeSummary } from "../shared/write-summary.js";
import { readAutofixInputs } from "./autofix-inputs.js";

export const BRIEF_ENV = "CRASHFIX_BRIEF";

export interface AutofixDeps {
  env?: Env;
  now?: () => number;
  write?: (chunk: string) => void;
}

// The unprivileged half of auto-fix: it runs agent-written code (the agent,
// then the project's CI), so it holds no GitHub credential. It produces a
// patch and a result file for the privileged job, and never pushes.
export async function runAutofix(deps: AutofixDeps = {}): Promise<AutofixResult> {
  const env = deps.env ?? process.env;
  const inputs = readAutofixInputs(env);
  const facts = parseCrashFacts(inputs.facts);
  const cwd = inputs.workspace;
  await mkdir(inputs["out-dir"], { recursive: true });
  const briefDir = await mkdtemp(join(inputs["out-dir"], "brief-"));
  const briefPath = join(briefDir, "brief.md");
  await writeFile(
    briefPath,
    renderBrief(facts, {
      ciCommand: inputs["ci-command"],
      ...(inputs["public-issue"] ? { publicIssue: inputs["public-issue"] } : {}),
    }),
    { mode: 0o644 },
  );
  const baseSha = (await runGit(["rev-parse", "HEAD"], { cwd })).trim();
  // Report data reaches the command only as this file; the command line is the
  // maintainer's, from the workflow file.
  const childEnv = commandEnv(env, { [BRIEF_ENV]: briefPath });
  const limits = { maxFiles: inputs["max-files"], maxPatchBytes: inputs["max-patch-bytes"] };
  const base = { schema: "1" as const, fingerprint: facts.fingerprint, base_sha: baseSha };
  const timings = { agent_ms: 0, ci_ms: 0 };
  const finish = async (reason: AutofixReason, extra: Partial<AutofixResult> = {}) => {
    const result: AutofixResult = {
      ...base,
      status: reason === "ok" ? "ready" : "failed",
      reason,
      files: 0,
      refusals: [],
      timings,
      ...extra,
    };
    await writeFile(join(inputs["out-dir"], RESULT_FILE), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  };

  core.startGroup("agent");
  const agent = await runCommand({
    command: inputs["agent-command"],
    cwd,
    env: childEnv,
    timeoutMs: inputs["agent-timeout-minutes"] * 60_000,
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.write ? { write: deps.write } : {}),
  });
  core.endGroup();
  timings.agent_ms = agent.durationMs;
  let result: AutofixResult;
  if (agent.timedOut) result = await finish("agent-timeout");
  else if (agent.exitCode !== 0) result = await finish("agent-failed");
  else {
    // Everything the agent left in the tree, committed or not, against the
    // commit it started from.
    await runGit(["add", "-A"], { cwd });
    const changes = await listChanges(cwd, baseSha);
    const patch = await runGitRaw(
      ["diff", "--cached", "--binary", "--full-index", ...SAFE_DIFF_FLAGS, baseSha],
      { cwd },
    );
    const verdict = checkChanges(changes, patch.length, limits);
    if (changes.length === 0) result = await finish("no-change");
    else if (!verdict.ok) {
      result = await finish("patch-refused", {
        files: changes.length,
        refusals: verdict.reasons.slice(0, 20),
      });
    } else {
      await writeFile(join(inputs["out-dir"], PATCH_FILE), patch);
      core.startGroup("ci");
      const ci = await runCommand({
        command: inputs["ci-command"],
        cwd,
        env: childEnv,
        timeoutMs: inputs["ci-timeout-minutes"] * 60_000,
        ...(deps.now ? { now: deps.now } : {}),
        ...(deps.write ? { write: deps.write } : {}),
      });
      core.endGroup();
      timings.ci_ms = ci.durationMs;
      const reason: AutofixReason = ci.timedOut
        ? "ci-timeout"
        : ci.exitCode !== 0
          ? "ci-failed"
          : "ok";
      result = await finish(reason, {
        files: changes.length,
        patch_sha256: createHash("sha256").update(patch).digest("hex"),
      });
    }
  }

  core.setOutput("status", result.status);
  core.setOutput("reason", result.reason);
  core.setOutput("result", join(inputs["out-dir"], RESULT_FILE));
  core.setOutput("patch", result.status === "ready" ? join(inputs["out-dir"], PATCH_FILE) : "");
  await writeSummary(
    {
      heading: "crashfix auto-fix: agent and CI",
      headers: ["fingerprint", "status", "reason", "files", "agent", "CI"],
      rows: [
        [
          codeSpan(facts.fingerprint.slice(0, 16)),
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
