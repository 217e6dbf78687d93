// Rows as stored; shapes/ turns them into GitHub's JSON.

export type RepoRow = {
  id: number;
  owner: string;
  name: string;
  private: number;
  default_branch: string;
  created_at: string;
  updated_at: string;
  pushed_at: string | null;
};

export type IssueRow = {
  id: number;
  repo_id: number;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  state_reason: string | null;
  locked: number;
  author_login: string;
  author_type: string;
  comments: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  is_pull: number;
  head_ref: string | null;
  head_sha: string | null;
  base_ref: string | null;
  base_sha: string | null;
  draft: number;
};

export type LabelRow = {
  id: number;
  repo_id: number;
  name: string;
  color: string;
  description: string | null;
};

export type CommentRow = {
  id: number;
  repo_id: number;
  issue_id: number;
  body: string;
  author_login: string;
  author_type: string;
  created_at: string;
  updated_at: string;
};

/** Who made a request: a personal token's user, an installation's bot, or the App itself. */
export type Actor = { login: string; type: "User" | "Bot" };
