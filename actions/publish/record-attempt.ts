import type { AutofixOutcome } from "../../triage/index.js";
import { ActionError } from "../shared/errors.js";
import { attemptRecord, closeAttempt, openAttempt } from "../shared/github/attempt-comments.js";
import { httpStatus } from "../shared/github/create-octokit.js";
import { setTriageStatus } from "../shared/github/set-triage-status.js";
import type { PublishEnd, PublishRun } from "./publish-context.js";

// Writes how the run ended into the attempt prepare opened (or a new attempt
// comment when none was handed over). A skipped run abandons its attempt.
export async function recordAttempt(ctx: PublishRun, end: PublishEnd): Promise<void> {
  if (!ctx.triage) return;
  const { runner, triageGh, triageRepo } = ctx.repos;
  const outcome: AutofixOutcome = end.outcome === "skipped" ? "abandoned" : end.outcome;
  const attempt = attemptRecord(ctx.inputs.fingerprint, outcome, ctx.now(), runner, {
    reason: end.reason,
    ...(end.pullRequest ? { pull_request: end.pullRequest } : {}),
  });
  const id = ctx.inputs["attempt-comment"];
  if (id) await closeAttempt(triageGh, triageRepo, id, attempt, end.note, ctx.inputs.repo);
  else
    await openAttempt(triageGh, triageRepo, ctx.triage.number, attempt, end.note, ctx.inputs.repo);
}

// How the run ended goes on the triage issue: the attempt says it, and a
// proposed fix moves the issue to crash:fix-proposed.
export async function recordEnd(ctx: PublishRun, end: PublishEnd): Promise<void> {
  await recordAttempt(ctx, end);
  if (end.outcome !== "proposed" || !ctx.triage) return;
  const { triageGh, triageRepo } = ctx.repos;
  const { number, labels } = ctx.triage;
  await setTriageStatus(triageGh, triageRepo, number, labels, "crash:fix-proposed");
}

// The attempt's reason for a failure of this step: the error's code, never
// its message (which may quote report data).
export function failureReason(error: unknown): string {
  if (error instanceof ActionError) return error.code.toLowerCase().replace(/_/g, "-");
  if (httpStatus(error) !== undefined) return "github-failed";
  return "publish-failed";
}
