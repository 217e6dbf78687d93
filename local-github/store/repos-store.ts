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
  const setVisibility = db.prepare("UPDATE repos SET private = ?, updated_at = ? WHERE id = ?");
  const openCounts = db.prepare<[number], { n: number }>(
    "SELECT COUNT(*) AS n FROM issues WHERE repo_id = ? AND state = 'open'",
  );
  const takeNumber = db.prepare<[number], { number: number }>(
    "UPDATE repos SET next_number = next_number + 1 WHERE id = ? RETURNING next_number - 1 AS number",
  );

  // Every API call resolves its repository first; rows change only on create and
  // push, so they are cached (a miss still reads the table, e.g. a repository
  // created by a second server on the same data dir).
  const cache = new Map<string, RepoRow>();
  const lookup = (key: string): RepoRow | undefined => {
    const cached = cache.get(key);
    if (cached) return cached;
    const row = byName.get(key);
    if (row) cache.set(key, row);
    return row;
  };

  return {
    find: (owner: string, name: string): RepoRow | undefined =>
      lookup(`${owner}/${name}`.toLowerCase()),
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
      const repo = lookup(`${owner}/${name}`.toLowerCase());
      if (!repo) throw new Error(`repository ${owner}/${name} vanished after insert`);
      return { repo, created: info.changes === 1 };
    },
    /** Makes a repository private or public, as its settings page does on GitHub. */
    setPrivate(id: number, isPrivate: boolean): void {
      setVisibility.run(isPrivate ? 1 : 0, isoSeconds(now()), id);
      cache.clear();
    },
    markPushed(id: number): void {
      const stamp = isoSeconds(now());
      touchPushed.run(stamp, stamp, id);
      cache.clear();
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
