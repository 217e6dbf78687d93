import type { Db } from "./open-store.js";
import { isoSeconds } from "./open-store.js";
import type { Actor, CommentRow } from "./rows.js";

export type CommentsStore = ReturnType<typeof createCommentsStore>;

export function createCommentsStore(db: Db, now: () => number) {
  const byId = db.prepare<[number, number], CommentRow>(
    "SELECT * FROM comments WHERE repo_id = ? AND id = ?",
  );
  const listForIssue = db.prepare<[number, string, number, number], CommentRow>(
    "SELECT * FROM comments WHERE issue_id = ? AND updated_at >= ? ORDER BY id LIMIT ? OFFSET ?",
  );
  const countForIssue = db.prepare<[number, string], { n: number }>(
    "SELECT COUNT(*) AS n FROM comments WHERE issue_id = ? AND updated_at >= ?",
  );
  const listForRepo = db.prepare<[number, string, number, number], CommentRow>(
    "SELECT * FROM comments WHERE repo_id = ? AND updated_at >= ? ORDER BY id LIMIT ? OFFSET ?",
  );
  const countForRepo = db.prepare<[number, string], { n: number }>(
    "SELECT COUNT(*) AS n FROM comments WHERE repo_id = ? AND updated_at >= ?",
  );
  const insert = db.prepare(
    `INSERT INTO comments (repo_id, issue_id, body, author_login, author_type, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare("UPDATE comments SET body = ?, updated_at = ? WHERE id = ?");
  const remove = db.prepare("DELETE FROM comments WHERE id = ?");
  const getRaw = db.prepare<[number], CommentRow>("SELECT * FROM comments WHERE id = ?");

  return {
    get: (repoId: number, id: number): CommentRow | undefined => byId.get(repoId, id),
    listForIssue(issueId: number, since: string, limit: number, offset: number) {
      const rows = listForIssue.all(issueId, since, limit, offset);
      return { rows, total: countForIssue.get(issueId, since)?.n ?? 0 };
    },
    listForRepo(repoId: number, since: string, limit: number, offset: number) {
      const rows = listForRepo.all(repoId, since, limit, offset);
      return { rows, total: countForRepo.get(repoId, since)?.n ?? 0 };
    },
    insert(repoId: number, issueId: number, body: string, author: Actor): CommentRow {
      const stamp = isoSeconds(now());
      const info = insert.run(repoId, issueId, body, author.login, author.type, stamp, stamp);
      return getRaw.get(Number(info.lastInsertRowid)) as CommentRow;
    },
    update(id: number, body: string): CommentRow {
      update.run(body, isoSeconds(now()), id);
      return getRaw.get(id) as CommentRow;
    },
    remove: (id: number): void => {
      remove.run(id);
    },
  };
}
