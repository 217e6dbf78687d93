import { join } from "node:path";
import Database from "better-sqlite3";
import { makeFolder } from "../../cli/store/make-folder.js";
import { LocalGitHubError } from "../errors.js";

export type Db = Database.Database;

// One SQLite file under the data dir. WAL lets the HTML page read while the API
// writes; the UNIQUE indexes are what make a duplicate label or ref lose, even
// if two servers were pointed at one directory.
const schema = `
CREATE TABLE IF NOT EXISTS repos (
  id INTEGER PRIMARY KEY,
  owner TEXT NOT NULL,
  name TEXT NOT NULL,
  full_name_lower TEXT NOT NULL UNIQUE,
  private INTEGER NOT NULL DEFAULT 0,
  default_branch TEXT NOT NULL DEFAULT 'main',
  next_number INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  pushed_at TEXT
);
CREATE TABLE IF NOT EXISTS issues (
  id INTEGER PRIMARY KEY,
  repo_id INTEGER NOT NULL REFERENCES repos(id),
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT,
  state TEXT NOT NULL DEFAULT 'open',
  state_reason TEXT,
  locked INTEGER NOT NULL DEFAULT 0,
  author_login TEXT NOT NULL,
  author_type TEXT NOT NULL,
  comments INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  closed_at TEXT,
  is_pull INTEGER NOT NULL DEFAULT 0,
  head_ref TEXT,
  head_sha TEXT,
  base_ref TEXT,
  base_sha TEXT,
  draft INTEGER NOT NULL DEFAULT 0,
  UNIQUE (repo_id, number)
);
CREATE INDEX IF NOT EXISTS issues_by_repo_created ON issues (repo_id, created_at, id);
CREATE TABLE IF NOT EXISTS labels (
  id INTEGER PRIMARY KEY,
  repo_id INTEGER NOT NULL REFERENCES repos(id),
  name TEXT NOT NULL,
  name_lower TEXT NOT NULL,
  color TEXT NOT NULL,
  description TEXT,
  UNIQUE (repo_id, name_lower)
);
CREATE TABLE IF NOT EXISTS issue_labels (
  issue_id INTEGER NOT NULL REFERENCES issues(id),
  label_id INTEGER NOT NULL REFERENCES labels(id),
  PRIMARY KEY (issue_id, label_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS issue_labels_by_label ON issue_labels (label_id, issue_id);
CREATE TABLE IF NOT EXISTS comments (
  id INTEGER PRIMARY KEY,
  repo_id INTEGER NOT NULL REFERENCES repos(id),
  issue_id INTEGER NOT NULL REFERENCES issues(id),
  body TEXT NOT NULL,
  author_login TEXT NOT NULL,
  author_type TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS comments_by_issue ON comments (issue_id, id);
CREATE TABLE IF NOT EXISTS deleted_issues (
  repo_id INTEGER NOT NULL REFERENCES repos(id),
  number INTEGER NOT NULL,
  PRIMARY KEY (repo_id, number)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tokens (
  token_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  login TEXT NOT NULL,
  expires_at INTEGER
);
`;

export function openStore(dataDir: string): Db {
  try {
    makeFolder(dataDir, 0o755);
    const db = new Database(join(dataDir, "github.sqlite"));
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    db.exec(schema);
    return db;
  } catch (error: unknown) {
    throw new LocalGitHubError(
      "DATA_DIR",
      `cannot open the local GitHub store in ${dataDir}: check that the directory is writable`,
      { cause: error },
    );
  }
}

/** GitHub timestamps: ISO 8601 UTC with second precision. */
export const isoSeconds = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;
