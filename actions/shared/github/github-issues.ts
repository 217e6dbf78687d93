import type { Repo } from "../inputs/input-schemas.js";
import type { ActionOctokit } from "./create-octokit.js";
import { httpStatus } from "./create-octokit.js";

export interface IssueLite {
  number: number;
  title: string;
  body: string;
  state: string;
  labels: string[];
  comments: number;
  html_url: string;
  created_at: string;
}

interface RawIssue {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  labels: (string | { name?: string })[];
  comments: number;
  html_url: string;
  created_at: string;
  pull_request?: unknown;
}

function toLite(issue: RawIssue): IssueLite {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body ?? "",
    state: issue.state,
    labels: issue.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean),
    comments: issue.comments,
    html_url: issue.html_url,
    created_at: issue.created_at,
  };
}

// The core REST list with a label filter (an AND of the labels), never the
// search API: search allows 30 requests a minute and indexes late
// (docs/DESIGN.md section 4). Pull requests come back from this endpoint too and are
// dropped.
// https://docs.github.com/en/rest/issues/issues#list-repository-issues
export async function listIssuesByLabels(
  octokit: ActionOctokit,
  repo: Repo,
  labels: readonly string[],
  state: "open" | "closed" | "all",
): Promise<IssueLite[]> {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    ...repo,
    labels: labels.join(","),
    state,
    per_page: 100,
  });
  return (issues as RawIssue[]).filter((i) => !i.pull_request).map(toLite);
}

// Creating a label is atomic on GitHub: the second create of one name gets
// 422 already_exists. Used as the lock that decides who creates an issue.
// https://docs.github.com/en/rest/issues/labels#create-a-label
// The default colour is GitHub's neutral grey: an fp: label is an id, not an alarm.
export async function claimLabel(
  octokit: ActionOctokit,
  repo: Repo,
  name: string,
  color = "ededed",
): Promise<"created" | "exists"> {
  try {
    await octokit.rest.issues.createLabel({ ...repo, name, color });
    return "created";
  } catch (error) {
    if (httpStatus(error) === 422) return "exists";
    throw error;
  }
}

export interface CommentLite {
  id: number;
  body: string;
}

export async function listComments(
  octokit: ActionOctokit,
  repo: Repo,
  issueNumber: number,
): Promise<CommentLite[]> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  return comments.map((c) => ({ id: c.id, body: c.body ?? "" }));
}
