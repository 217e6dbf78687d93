import * as core from "@actions/core";
import {
  type AutofixAttempt,
  type AutofixOutcome,
  renderAttemptComment,
  utcSeconds,
} from "../../../triage/index.js";
import { describeError } from "../errors.js";
import type { Repo } from "../inputs/input-schemas.js";
import { type RunnerEnv, runUrl } from "../inputs/runner-env.js";
import type { ActionOctokit } from "./create-octokit.js";

/** An attempt's record as of `now`, linked to this workflow run when the runner names it. */
export function attemptRecord(
  fingerprint: string,
  outcome: AutofixOutcome,
  now: Date,
  runner: RunnerEnv,
  extra: { reason?: string; pull_request?: number } = {},
): AutofixAttempt {
  const url = runUrl(runner);
  return {
    fingerprint,
    outcome,
    ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
    updated_at: utcSeconds(now),
    ...(extra.pull_request ? { pull_request: extra.pull_request } : {}),
    ...(url ? { run_url: url } : {}),
  };
}

/** Opens an attempt: a new attempt comment on the triage issue; resolves with its id. */
export async function openAttempt(
  octokit: ActionOctokit,
  repo: Repo,
  issueNumber: number,
  attempt: AutofixAttempt,
  note?: string,
  /** "owner/name" of the public repository a pull request in the attempt is in. */
  publicRepo?: string,
): Promise<number> {
  const { data } = await octokit.rest.issues.createComment({
    ...repo,
    issue_number: issueNumber,
    body: renderAttemptComment(attempt, note, publicRepo),
  });
  return data.id;
}

// Writes an attempt's outcome into its comment on the triage issue. Used on
// the way out of a failing step too, so it never throws: a failure to record
// is a warning, and the step's own error is what fails the job.
export async function closeAttempt(
  octokit: ActionOctokit,
  repo: Repo,
  commentId: number,
  attempt: AutofixAttempt,
  note?: string,
  publicRepo?: string,
): Promise<boolean> {
  try {
    await octokit.rest.issues.updateComment({
      ...repo,
      comment_id: commentId,
      body: renderAttemptComment(attempt, note, publicRepo),
    });
    return true;
  } catch (error) {
    core.warning(`could not record the attempt's outcome: ${describeError(error)}`);
    return false;
  }
}
