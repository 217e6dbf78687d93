import { listAttempts } from "../../triage/index.js";
import { attemptRecord, closeAttempt, openAttempt } from "../shared/github/attempt-comments.js";
import type { ConnectedRepos } from "../shared/github/connect-repos.js";
import { listComments } from "../shared/github/github-issues.js";
import type { GatePassed, GateRefusal } from "./check-gate.js";
import type { PrepareInputs } from "./prepare-inputs.js";

export type AttemptClaimed = { attemptComment: number; attempt: number };

// Records the attempt on the triage issue first and then checks its place
// among all attempt comments (ids grow in creation order), so concurrent runs
// cannot exceed the cap without a lock: a run past the cap withdraws its own.
export async function claimAttempt(
  inputs: PrepareInputs,
  { runner, triageGh, triageRepo }: ConnectedRepos,
  gate: GatePassed,
  now: () => Date,
): Promise<GateRefusal | AttemptClaimed> {
  const fingerprint = inputs.fingerprint;
  const mine = await openAttempt(
    triageGh,
    triageRepo,
    gate.triageIssue,
    attemptRecord(fingerprint, "running", now(), runner),
  );
  try {
    const attempts = listAttempts(await listComments(triageGh, triageRepo, gate.triageIssue));
    const place = attempts.findIndex((c) => c.id === mine);
    if (place < 0 || place >= inputs["max-attempts"]) {
      await triageGh.rest.issues.deleteComment({ ...triageRepo, comment_id: mine });
      return { proceed: false, reason: "attempt-cap-reached", publicIssue: gate.publicIssue };
    }
    return { attemptComment: mine, attempt: place + 1 };
  } catch (error) {
    // A failure of ours after the attempt was recorded closes it, so it
    // never stays "running".
    const failed = attemptRecord(fingerprint, "failed", now(), runner, {
      reason: "prepare-failed",
    });
    await closeAttempt(triageGh, triageRepo, mine, failed);
    throw error;
  }
}
