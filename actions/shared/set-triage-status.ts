import { isStatusLabel, type TriageStatus } from "../../triage/index.js";
import type { ActionOctokit } from "./create-octokit.js";
import { httpStatus } from "./create-octokit.js";
import type { Repo } from "./input-schemas.js";

// Adds the new status label, then removes the old ones, one call each, so a
// label the ingest adds at the same moment is never overwritten by a full
// label-set replacement.
export async function setTriageStatus(
  octokit: ActionOctokit,
  repo: Repo,
  issueNumber: number,
  currentLabels: readonly string[],
  status: TriageStatus,
): Promise<void> {
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
}
