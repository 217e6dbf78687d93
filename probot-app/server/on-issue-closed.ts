import type { Probot } from "probot";
import {
  CRASHFIX_LABEL,
  decideTransition,
  maxVersion,
  parseCountersComment,
  parseFingerprintMarker,
  statusOf,
  withFixedAfter,
  withStatus,
} from "../../triage/index.js";
import { toSnapshot } from "../worker/github-types.js";
import type { IssueResolver } from "../worker/issue-resolver.js";
import type { Metrics } from "./metrics.js";

// A maintainer closing a triage issue as completed marks it crash:fixed and
// records the newest version seen so far; a report from a newer version later
// reopens it as crash:regressed.
// https://docs.github.com/en/webhooks/webhook-events-and-payloads#issues
export function onIssueClosed(
  app: Probot,
  deps: { repo: { owner: string; repo: string }; resolver: IssueResolver; metrics: Metrics },
): void {
  app.on("issues.closed", async (context) => {
    const { issue, repository } = context.payload;
    if (
      repository.owner.login !== deps.repo.owner ||
      repository.name !== deps.repo.repo ||
      issue.state_reason !== "completed"
    ) {
      return;
    }
    const labels = issue.labels?.map((label) => label.name) ?? [];
    const fingerprint = parseFingerprintMarker(issue.body);
    if (
      !fingerprint ||
      !labels.includes(CRASHFIX_LABEL) ||
      decideTransition(statusOf(labels), "crash:fixed") !== "move"
    ) {
      return;
    }
    const comments = await context.octokit.paginate(
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
      { ...deps.repo, issue_number: issue.number, per_page: 100 },
    );
    const counters = comments
      .map((comment) => parseCountersComment(comment.body))
      .find((parsed) => parsed !== undefined);
    const newest = maxVersion(Object.keys(counters?.versions ?? {}).filter((v) => v !== "other"));
    const { data } = await context.octokit.request(
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
      {
        ...deps.repo,
        issue_number: issue.number,
        labels: withStatus(labels, "crash:fixed"),
        ...(newest ? { body: withFixedAfter(issue.body, newest) } : {}),
      },
    );
    deps.resolver.remember(fingerprint, toSnapshot(data));
    deps.metrics.count("marked_fixed");
  });
}
