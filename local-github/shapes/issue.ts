import type { CommentRow, IssueRow, LabelRow, RepoRow } from "../store/rows.js";
import type { Urls } from "./urls.js";
import { nodeId, repoApiUrl, repoWebUrl } from "./urls.js";
import { renderUser } from "./user.js";

/** Reactions are not kept locally; the summary object is always empty. */
export const noReactions = (url: string) => ({
  url: `${url}/reactions`,
  total_count: 0,
  "+1": 0,
  "-1": 0,
  laugh: 0,
  hooray: 0,
  confused: 0,
  heart: 0,
  rocket: 0,
  eyes: 0,
});

/** GitHub's `label` shape. */
export function renderLabel(urls: Urls, repo: RepoRow, label: LabelRow) {
  return {
    id: label.id,
    node_id: nodeId("LA", label.id),
    url: `${repoApiUrl(urls, repo.owner, repo.name)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

/** GitHub's `issue` shape; pull requests carry the `pull_request` link object as there. */
export function renderIssue(urls: Urls, repo: RepoRow, issue: IssueRow, labels: LabelRow[]) {
  const repoApi = repoApiUrl(urls, repo.owner, repo.name);
  const api = `${repoApi}/issues/${issue.number}`;
  const web = repoWebUrl(urls, repo.owner, repo.name);
  const shaped: Record<string, unknown> = {
    id: issue.id,
    node_id: nodeId(issue.is_pull ? "PR" : "I", issue.id),
    url: api,
    repository_url: repoApi,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: issue.is_pull ? `${web}/pull/${issue.number}` : `${web}/issues/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.state_reason,
    title: issue.title,
    body: issue.body,
    user: renderUser(urls, issue.author_login, issue.author_type),
    labels: labels.map((label) => renderLabel(urls, repo, label)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: issue.locked === 1,
    active_lock_reason: null,
    comments: issue.comments,
    closed_at: issue.closed_at,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_by: null,
    author_association: "OWNER",
    reactions: noReactions(api),
    performed_via_github_app: null,
  };
  if (issue.is_pull) {
    shaped.draft = issue.draft === 1;
    shaped.pull_request = {
      url: `${repoApi}/pulls/${issue.number}`,
      html_url: `${web}/pull/${issue.number}`,
      diff_url: `${web}/pull/${issue.number}.diff`,
      patch_url: `${web}/pull/${issue.number}.patch`,
      merged_at: null,
    };
  }
  return shaped;
}

/** GitHub's `issue-comment` shape. */
export function renderComment(urls: Urls, repo: RepoRow, issueNumber: number, comment: CommentRow) {
  const repoApi = repoApiUrl(urls, repo.owner, repo.name);
  const url = `${repoApi}/issues/comments/${comment.id}`;
  return {
    id: comment.id,
    node_id: nodeId("IC", comment.id),
    url,
    html_url: `${repoWebUrl(urls, repo.owner, repo.name)}/issues/${issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${repoApi}/issues/${issueNumber}`,
    body: comment.body,
    user: renderUser(urls, comment.author_login, comment.author_type),
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    author_association: "OWNER",
    reactions: noReactions(url),
    performed_via_github_app: null,
  };
}
