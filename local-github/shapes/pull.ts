import type { IssueRow, LabelRow, RepoRow } from "../store/rows.js";
import { renderLabel } from "./issue.js";
import { renderRepository } from "./repository.js";
import type { Urls } from "./urls.js";
import { nodeId, repoApiUrl, repoWebUrl } from "./urls.js";
import { renderUser } from "./user.js";

export type PullDiffStats = {
  commits: number;
  additions: number;
  deletions: number;
  changed_files: number;
};

/**
 * GitHub's `pull-request-simple` shape (lists); with `diff` it is the full
 * `pull-request` shape (single pull). Head and base live in the same repository:
 * crashfix pushes its fix branches to the repository itself.
 */
export function renderPull(
  urls: Urls,
  repo: RepoRow,
  pull: IssueRow,
  labels: LabelRow[],
  headSha: string,
  diff?: PullDiffStats,
) {
  const repoApi = repoApiUrl(urls, repo.owner, repo.name);
  const web = repoWebUrl(urls, repo.owner, repo.name);
  const api = `${repoApi}/pulls/${pull.number}`;
  const issueApi = `${repoApi}/issues/${pull.number}`;
  const repository = renderRepository(urls, repo, 0);
  const ownerUser = renderUser(urls, repo.owner, "Organization");
  const side = (ref: string, sha: string) => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: ownerUser,
    repo: repository,
  });
  const shaped: Record<string, unknown> = {
    url: api,
    id: pull.id,
    node_id: nodeId("PR", pull.id),
    html_url: `${web}/pull/${pull.number}`,
    diff_url: `${web}/pull/${pull.number}.diff`,
    patch_url: `${web}/pull/${pull.number}.patch`,
    issue_url: issueApi,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${repoApi}/pulls/comments{/number}`,
    comments_url: `${issueApi}/comments`,
    statuses_url: `${repoApi}/statuses/${headSha}`,
    number: pull.number,
    state: pull.state,
    locked: pull.locked === 1,
    title: pull.title,
    user: renderUser(urls, pull.author_login, pull.author_type),
    body: pull.body,
    labels: labels.map((label) => renderLabel(urls, repo, label)),
    milestone: null,
    active_lock_reason: null,
    created_at: pull.created_at,
    updated_at: pull.updated_at,
    closed_at: pull.closed_at,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(pull.head_ref ?? "", headSha),
    base: side(pull.base_ref ?? "", pull.base_sha ?? ""),
    _links: {
      self: { href: api },
      html: { href: `${web}/pull/${pull.number}` },
      issue: { href: issueApi },
      comments: { href: `${issueApi}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: { href: `${repoApi}/pulls/comments{/number}` },
      commits: { href: `${api}/commits` },
      statuses: { href: `${repoApi}/statuses/${headSha}` },
    },
    author_association: "OWNER",
    auto_merge: null,
    draft: pull.draft === 1,
  };
  if (diff) {
    Object.assign(shaped, {
      merged: false,
      mergeable: null,
      rebaseable: null,
      mergeable_state: "unknown",
      merged_by: null,
      comments: pull.comments,
      review_comments: 0,
      maintainer_can_modify: false,
      ...diff,
    });
  }
  return shaped;
}
