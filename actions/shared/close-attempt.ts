import * as core from "@actions/core";
import { type AutofixAttempt, renderAttemptComment } from "../../triage/index.js";
import type { ActionOctokit } from "./create-octokit.js";
import { describeError } from "./errors.js";
import type { Repo } from "./input-schemas.js";

// UTC to the second, as the attempt record keeps it.
export function attemptTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
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
  /** "owner/name" of the public repository a pull request in the attempt is in. */
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
