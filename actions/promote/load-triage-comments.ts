import {
  type Counters,
  hasCountersMarker,
  isAttemptComment,
  isAutofixBlockedComment,
  parseCountersComment,
} from "../../triage/index.js";
import type { ActionOctokit } from "../shared/github/create-octokit.js";
import { type IssueLite, listComments } from "../shared/github/github-issues.js";
import type { Repo } from "../shared/inputs/input-schemas.js";

// Below this many issues, one comments call per issue is cheaper than walking
// the whole repository's comments.
const PER_ISSUE_LIMIT = 5;

export interface TriageComments {
  counters: Map<number, Counters>;
  // Auto-fix attempt comments per issue (the cap is checked again by prepare).
  attempts: Map<number, number>;
  // Issues that already carry the note saying why auto-fix will not run.
  blocked: Set<number>;
}

// The counters comment (parsed by the triage module) and the number of
// auto-fix attempts of each issue. For many issues the repository-wide comment
// list is used: its cost grows with the number of comments / 100 (about one
// counters comment per fingerprint), where per-issue listing costs one call
// per issue.
// https://docs.github.com/en/rest/issues/comments#list-issue-comments-for-a-repository
export async function loadTriageComments(
  octokit: ActionOctokit,
  repo: Repo,
  issues: readonly IssueLite[],
): Promise<TriageComments> {
  const wanted = new Set(issues.filter((i) => i.comments > 0).map((i) => i.number));
  const counters = new Map<number, Counters>();
  const attempts = new Map<number, number>();
  const blocked = new Set<number>();
  const take = (issueNumber: number, body: string | undefined) => {
    if (!wanted.has(issueNumber)) return;
    if (isAttemptComment(body)) {
      attempts.set(issueNumber, (attempts.get(issueNumber) ?? 0) + 1);
      return;
    }
    if (isAutofixBlockedComment(body)) {
      blocked.add(issueNumber);
      return;
    }
    if (counters.has(issueNumber) || !hasCountersMarker(body)) return;
    const parsed = parseCountersComment(body);
    if (parsed) counters.set(issueNumber, parsed);
  };
  if (wanted.size <= PER_ISSUE_LIMIT) {
    for (const issueNumber of wanted) {
      for (const c of await listComments(octokit, repo, issueNumber)) take(issueNumber, c.body);
    }
    return { counters, attempts, blocked };
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
  return { counters, attempts, blocked };
}
