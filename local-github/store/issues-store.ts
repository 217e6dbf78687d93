import type { Statement } from "better-sqlite3";
import type { Db } from "./open-store.js";
import { isoSeconds } from "./open-store.js";
import type { Actor, IssueRow } from "./rows.js";

export type IssuesStore = ReturnType<typeof createIssuesStore>;

export type IssueQuery = {
  repoId: number;
  state: "open" | "closed" | "all";
  /** Lower-cased label names; an issue must carry every one (GitHub ANDs them). */
  labels: string[];
  since?: string | undefined;
  sort: "created" | "updated" | "comments";
  direction: "asc" | "desc";
  limit: number;
  offset: number;
  kind: "issues-and-pulls" | "issues" | "pulls";
  headRef?: string | undefined;
  baseRef?: string | undefined;
  creator?: string | undefined;
};

export type NewIssue = {
  number: number;
  title: string;
  body: string | null;
  author: Actor;
  pull?: { headRef: string; headSha: string; baseRef: string; baseSha: string; draft: boolean };
};

export type IssuePatch = {
  title?: string;
  body?: string | null;
  state?: "open" | "closed";
  state_reason?: string | null;
};

const sortColumn = { created: "created_at", updated: "updated_at", comments: "comments" } as const;

export function createIssuesStore(db: Db, now: () => number) {
  const byNumber = db.prepare<[number, number], IssueRow>(
    "SELECT * FROM issues WHERE repo_id = ? AND number = ?",
  );
  const byId = db.prepare<[number], IssueRow>("SELECT * FROM issues WHERE id = ?");
  const insert = db.prepare(
    `INSERT INTO issues (repo_id, number, title, body, author_login, author_type, created_at,
       updated_at, is_pull, head_ref, head_sha, base_ref, base_sha, draft)
     VALUES (@repoId, @number, @title, @body, @login, @type, @stamp, @stamp, @isPull, @headRef,
       @headSha, @baseRef, @baseSha, @draft)`,
  );
  const touch = db.prepare("UPDATE issues SET updated_at = ? WHERE id = ?");
  const bumpComments = db.prepare(
    "UPDATE issues SET comments = comments + ?, updated_at = ? WHERE id = ?",
  );
  const setHeadSha = db.prepare("UPDATE issues SET head_sha = ? WHERE id = ?");
  const tombstone = db.prepare(
    "INSERT OR IGNORE INTO deleted_issues (repo_id, number) VALUES (?, ?)",
  );
  const isTombstone = db.prepare<[number, number], { n: number }>(
    "SELECT 1 AS n FROM deleted_issues WHERE repo_id = ? AND number = ?",
  );
  const dropLabels = db.prepare("DELETE FROM issue_labels WHERE issue_id = ?");
  const dropComments = db.prepare("DELETE FROM comments WHERE issue_id = ?");
  const dropIssue = db.prepare("DELETE FROM issues WHERE id = ?");
  // Filters are combined into a handful of distinct SQL texts; cache their statements.
  const cache = new Map<string, Statement>();
  const prepared = (sql: string): Statement => {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size > 500) cache.clear();
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };

  function where(query: IssueQuery): { sql: string; params: unknown[] } {
    // With a label filter, `+i.repo_id` keeps SQLite from walking every issue of the
    // repository by the repo index: it looks up only the issues carrying the labels.
    const clauses = [query.labels.length > 0 ? "+i.repo_id = ?" : "i.repo_id = ?"];
    const params: unknown[] = [query.repoId];
    if (query.state !== "all") {
      clauses.push("i.state = ?");
      params.push(query.state);
    }
    if (query.kind === "pulls") clauses.push("i.is_pull = 1");
    if (query.kind === "issues") clauses.push("i.is_pull = 0");
    if (query.since) {
      clauses.push("i.updated_at >= ?");
      params.push(query.since);
    }
    if (query.headRef !== undefined) {
      clauses.push("i.head_ref = ?");
      params.push(query.headRef);
    }
    if (query.baseRef !== undefined) {
      clauses.push("i.base_ref = ?");
      params.push(query.baseRef);
    }
    if (query.creator !== undefined) {
      clauses.push("i.author_login = ?");
      params.push(query.creator);
    }
    if (query.labels.length > 0) {
      const marks = query.labels.map(() => "?").join(", ");
      clauses.push(
        `i.id IN (SELECT il.issue_id FROM labels l JOIN issue_labels il ON il.label_id = l.id
          WHERE l.repo_id = ? AND l.name_lower IN (${marks})
          GROUP BY il.issue_id HAVING COUNT(*) = ?)`,
      );
      params.push(query.repoId, ...query.labels, query.labels.length);
    }
    return { sql: clauses.join(" AND "), params };
  }

  return {
    get: (repoId: number, number: number): IssueRow | undefined => byNumber.get(repoId, number),
    getById: (id: number): IssueRow | undefined => byId.get(id),
    list(query: IssueQuery): { rows: IssueRow[]; total: number } {
      const { sql, params } = where(query);
      const order = `i.${sortColumn[query.sort]} ${query.direction}, i.id ${query.direction}`;
      // LIMIT is written into the SQL: with a bound LIMIT, SQLite plans the label
      // query about six times slower (measured). It is an integer from readPage.
      const limit = Math.max(1, Math.trunc(query.limit));
      const rows = prepared(
        `SELECT i.* FROM issues i WHERE ${sql} ORDER BY ${order} LIMIT ${limit} OFFSET ?`,
      ).all(...params, query.offset) as IssueRow[];
      const total =
        query.offset === 0 && rows.length < query.limit
          ? rows.length
          : (
              prepared(`SELECT COUNT(*) AS n FROM issues i WHERE ${sql}`).get(...params) as {
                n: number;
              }
            ).n;
      return { rows, total };
    },
    insert(repoId: number, issue: NewIssue): IssueRow {
      const info = insert.run({
        repoId,
        number: issue.number,
        title: issue.title,
        body: issue.body,
        login: issue.author.login,
        type: issue.author.type,
        stamp: isoSeconds(now()),
        isPull: issue.pull ? 1 : 0,
        headRef: issue.pull?.headRef ?? null,
        headSha: issue.pull?.headSha ?? null,
        baseRef: issue.pull?.baseRef ?? null,
        baseSha: issue.pull?.baseSha ?? null,
        draft: issue.pull?.draft ? 1 : 0,
      });
      const row = byId.get(Number(info.lastInsertRowid));
      if (!row) throw new Error("issue vanished after insert");
      return row;
    },
    update(issue: IssueRow, patch: IssuePatch): IssueRow {
      const stamp = isoSeconds(now());
      const state = patch.state ?? issue.state;
      let closedAt = issue.closed_at;
      if (state === "closed" && issue.state !== "closed") closedAt = stamp;
      if (state === "open") closedAt = null;
      let stateReason = patch.state_reason === undefined ? issue.state_reason : patch.state_reason;
      // GitHub records why an issue changed state: closing defaults to "completed",
      // reopening sets "reopened" (https://docs.github.com/rest/issues/issues#update-an-issue).
      if (
        patch.state_reason === undefined &&
        patch.state !== undefined &&
        patch.state !== issue.state
      )
        stateReason = state === "closed" ? "completed" : "reopened";
      prepared(
        `UPDATE issues SET title = ?, body = ?, state = ?, state_reason = ?, closed_at = ?,
          updated_at = ? WHERE id = ?`,
      ).run(
        patch.title ?? issue.title,
        patch.body === undefined ? issue.body : patch.body,
        state,
        stateReason,
        closedAt,
        stamp,
        issue.id,
      );
      return byId.get(issue.id) as IssueRow;
    },
    touch: (id: number): void => {
      touch.run(isoSeconds(now()), id);
    },
    countComment: (id: number, delta: 1 | -1): void => {
      bumpComments.run(delta, isoSeconds(now()), id);
    },
    setHeadSha: (id: number, sha: string): void => {
      setHeadSha.run(sha, id);
    },
    // Deletes an issue with its comments and label links, for good; its
    // number is never given out again, and answers 410 from then on.
    delete: (issue: IssueRow): void => {
      db.transaction(() => {
        dropLabels.run(issue.id);
        dropComments.run(issue.id);
        dropIssue.run(issue.id);
        tombstone.run(issue.repo_id, issue.number);
      })();
    },
    wasDeleted: (repoId: number, number: number): boolean =>
      isTombstone.get(repoId, number) !== undefined,
  };
}
