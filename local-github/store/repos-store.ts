import type { Db } from "./open-store.js";
import { isoSeconds } from "./open-store.js";
import type { RepoRow } from "./rows.js";

export type ReposStore = ReturnType<typeof createReposStore>;

export function createReposStore(db: Db, now: () => number) {
  const byName = db.prepare<[string], RepoRow>("SELECT * FROM repos WHERE full_name_lower = ?");
  const byId = db.prepare<[number], RepoRow>("SELECT * FROM repos WHERE id = ?");
  const all = db.prepare<[], RepoRow>("SELECT * FROM repos ORDER BY full_name_lower");
  const insert = db.prepare(
    `INSERT INTO repos (owner, name, full_name_lower, private, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (full_name_lower) DO NOTHING`,
  );
  const touchPushed = db.prepare("UPDATE repos SET pushed_at = ?, updated_at = ? WHERE id = ?");
  const openCounts = db.prepare<[number], { n: number }>(
    "SELECT COUNT(*) AS n FROM issues WHERE repo_id = ? AND state = 'open'",
  );
  const takeNumber = db.prepare<[number], { number: number }>(
    "UPDATE repos SET next_number = next_number + 1 WHERE id = ? RETURNING next_number - 1 AS number",
  );

  return {
    find: (owner: string, name: string): RepoRow | undefined =>
      byName.get(`${owner}/${name}`.toLowerCase()),
    get: (id: number): RepoRow | undefined => byId.get(id),
    list: (): RepoRow[] => all.all(),
    /** Creates the repository if it does not exist; returns whether it was created. */
    ensure(owner: string, name: string, isPrivate: boolean): { repo: RepoRow; created: boolean } {
      const stamp = isoSeconds(now());
      const info = insert.run(
        owner,
        name,
        `${owner}/${name}`.toLowerCase(),
        isPrivate ? 1 : 0,
        stamp,
        stamp,
      );
      const repo = byName.get(`${owner}/${name}`.toLowerCase());
      if (!repo) throw new Error(`repository ${owner}/${name} vanished after insert`);
      return { repo, created: info.changes === 1 };
    },
    markPushed(id: number): void {
      const stamp = isoSeconds(now());
      touchPushed.run(stamp, stamp, id);
    },
    openIssueCount: (id: number): number => openCounts.get(id)?.n ?? 0,
    /** Issue and pull request numbers share one sequence per repository, as on GitHub. */
    nextNumber(id: number): number {
      const row = takeNumber.get(id);
      if (!row) throw new Error(`repository ${id} has no number sequence`);
      return row.number;
    },
  };
}
