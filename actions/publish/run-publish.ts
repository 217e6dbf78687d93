import { codeSpan, shortFingerprint } from "../../triage/index.js";
import { parseCrashFacts } from "../shared/facts/crash-facts.js";
import { redactionContext } from "../shared/facts/scrub-facts.js";
import { connectRepos, type MakeOctokit } from "../shared/github/connect-repos.js";
import { findTriageIssue } from "../shared/github/fingerprint-issues.js";
import type { Env } from "../shared/inputs/read-inputs.js";
import { reportStep } from "../shared/write-summary.js";
import { applyPatch } from "./apply-patch.js";
import { checkFix } from "./check-fix.js";
import { openPullRequest } from "./open-pull-request.js";
import type { PublishEnd, PublishOutcome, PublishRun } from "./publish-context.js";
import { type PublishInputs, readPublishInputs } from "./publish-inputs.js";
import { failureReason, recordAttempt, recordEnd } from "./record-attempt.js";

export type { PublishOutcome } from "./publish-context.js";

export interface PublishDeps {
  env?: Env;
  octokit?: MakeOctokit;
  now?: () => Date;
}

export interface PublishResult {
  outcome: PublishOutcome;
  reason: string;
  pullRequest?: number;
  timings: { pr_ms: number };
}

// The privileged half of auto-fix. It runs no code from the repository or the
// agent: check what the fix job recorded, apply the patch with git and check
// it, and only then open: claim the branch, push and open a draft PR. However
// the run ends, the attempt on the triage issue says how.
export async function runPublish(deps: PublishDeps = {}): Promise<PublishResult> {
  const env = deps.env ?? process.env;
  const started = Date.now();
  const inputs = readPublishInputs(env);
  const repos = connectRepos(inputs, env, deps.octokit);
  const run: PublishRun = {
    inputs,
    repos,
    triage: await findTriageIssue(repos.triageGh, repos.triageRepo, inputs.fingerprint),
    redaction: redactionContext(inputs["triage-repo"]),
    now: deps.now ?? (() => new Date()),
  };
  let end: PublishEnd;
  try {
    end = await publish(run);
    await recordEnd(run, end);
  } catch (error) {
    // Any failure of ours closes the attempt with its reason: an attempt
    // never stays "running" because this step crashed.
    await recordAttempt(run, { outcome: "failed", reason: failureReason(error) }).catch(
      () => undefined,
    );
    throw error;
  }
  const result: PublishResult = {
    outcome: end.outcome,
    reason: end.reason,
    ...(end.pullRequest ? { pullRequest: end.pullRequest } : {}),
    timings: { pr_ms: Date.now() - started },
  };
  await reportPublish(result, inputs, env);
  return result;
}

// check -> apply -> open; each stage either hands the next one its input or
// says how the run ends.
async function publish(run: PublishRun): Promise<PublishEnd> {
  const ctx = { ...run, facts: parseCrashFacts(run.inputs.facts) };
  const checked = await checkFix(ctx);
  if ("stop" in checked) return checked.stop;
  const applied = await applyPatch(ctx, checked.patch);
  if ("stop" in applied) return applied.stop;
  return openPullRequest(ctx, applied);
}

async function reportPublish(result: PublishResult, inputs: PublishInputs, env: Env) {
  await reportStep(
    {
      outcome: result.outcome,
      reason: result.reason,
      "pull-request": result.pullRequest ? String(result.pullRequest) : "",
    },
    {
      heading: "crashfix auto-fix: publish",
      headers: ["fingerprint", "outcome", "reason", "pull request", "public issue"],
      rows: [
        [
          codeSpan(shortFingerprint(inputs.fingerprint)),
          result.outcome,
          codeSpan(result.reason, 80),
          result.pullRequest ? `#${result.pullRequest}` : "",
          `#${inputs["public-issue"]}`,
        ],
      ],
    },
    env,
  );
}
