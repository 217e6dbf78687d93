import {
  decideTransition,
  isStatusLabel,
  statusOf,
  type TransitionDecision,
  type TriageStatus,
} from "../../../triage/index.js";
import type { Repo } from "../inputs/input-schemas.js";
import type { ActionOctokit } from "./create-octokit.js";
import { httpStatus } from "./create-octokit.js";

// Moves the issue to `status` when the lifecycle says so (triage/
// status-transitions.ts): a re-run step finds the issue already there or
// further along and leaves it. Adds the new status label, then removes the old
// ones, one call each, so a label the ingest adds at the same moment is never
// overwritten by a full label-set replacement.
export async function setTriageStatus(
  octokit: ActionOctokit,
  repo: Repo,
  issueNumber: number,
  currentLabels: readonly string[],
  status: TriageStatus,
): Promise<TransitionDecision> {
  const current = statusOf(currentLabels);
  const decision = decideTransition(current, status);
  // Already there: still drop the stray status labels a hand edit may have left.
  if (decision === "refuse" || (decision === "stay" && current !== status)) return decision;
  if (!currentLabels.includes(status)) {
    await octokit.rest.issues.addLabels({ ...repo, issue_number: issueNumber, labels: [status] });
  }
  for (const label of currentLabels) {
    if (label === status || !isStatusLabel(label)) continue;
    try {
      await octokit.rest.issues.removeLabel({ ...repo, issue_number: issueNumber, name: label });
    } catch (error) {
      if (httpStatus(error) !== 404) throw error;
    }
  }
  return decision;
}
