import {
  type CountedReport,
  compareVersions,
  decideTransition,
  parseFixedAfter,
  statusOf,
  withStatus,
} from "../../triage/index.js";
import { type IssueSnapshot, type TriageOctokit, toSnapshot } from "./github-types.js";
import type { IssueResolver } from "./issue-resolver.js";

// A crash:fixed fingerprint reported again by a version newer than the
// newest one seen when it was fixed comes back as crash:regressed, reopened.
// Reports from older versions are users who have not upgraded yet.
export async function reopenIfRegressed(
  octokit: TriageOctokit,
  resolver: IssueResolver,
  fingerprint: string,
  issue: IssueSnapshot,
  reports: readonly Pick<CountedReport, "app_version">[],
): Promise<boolean> {
  if (decideTransition(statusOf(issue.labels), "crash:regressed") !== "move") return false;
  const fixedAfter = parseFixedAfter(issue.body);
  if (fixedAfter === undefined) return false;
  if (!reports.some((report) => compareVersions(report.app_version, fixedAfter) > 0)) return false;
  const { data } = await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
    ...resolver.repo,
    issue_number: issue.number,
    state: "open",
    labels: withStatus(issue.labels, "crash:regressed"),
  });
  resolver.remember(fingerprint, toSnapshot(data));
  return true;
}
