import { type Counters, hasCountersMarker, parseCountersComment } from "../../triage/index.js";
import type { ActionOctokit } from "../shared/create-octokit.js";
import type { IssueLite } from "../shared/github-issues.js";
import type { Repo } from "../shared/input-schemas.js";

// Below this many issues, one comments call per issue is cheaper than walking
// the whole repository's comments.
const PER_ISSUE_LIMIT = 5;

// The counters comment of each issue, parsed by the triage module. For many
// issues the repository-wide comment list is used: its cost grows with the
// number of comments / 100 (about one counters comment per fingerprint), where
// per-issue listing costs one call per issue.
// https://docs.github.com/en/rest/issues/comments#list-issue-comments-for-a-repository
export async function loadCounters(
  octokit: ActionOctokit,
  repo: Repo,
  issues: readonly IssueLite[],
): Promise<Map<number, Counters>> {
  const wanted = new Set(issues.filter((i) => i.comments > 0).map((i) => i.number));
  const found = new Map<number, Counters>();
  const take = (issueNumber: number, body: string | undefined) => {
    if (!wanted.has(issueNumber) || found.has(issueNumber) || !hasCountersMarker(body)) return;
    const counters = parseCountersComment(body);
    if (counters) found.set(issueNumber, counters);
  };
  if (wanted.size <= PER_ISSUE_LIMIT) {
    for (const issueNumber of wanted) {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        ...repo,
        issue_number: issueNumber,
        per_page: 100,
      });
      for (const c of comments) take(issueNumber, c.body);
    }
    return found;
  }
  const comments = await octokit.paginate(octokit.rest.issues.listCommentsForRepo, {
    ...repo,
    sort: "created",
    direction: "asc",
    per_page: 100,
  });
  for (const c of comments) {
    const issueNumber = Number(c.issue_url.slice(c.issue_url.lastIndexOf("/") + 1));
    take(issueNumber, c.body);
  }
  return found;
}
