import type { Db } from "./open-store.js";
import type { LabelRow } from "./rows.js";

export type LabelsStore = ReturnType<typeof createLabelsStore>;

export type LabelInput = {
  name: string;
  color?: string | undefined;
  description?: string | null | undefined;
};

// GitHub's default label colour when none is given.
const DEFAULT_COLOR = "ededed";

const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Error &&
  "code" in error &&
  (error as { code: unknown }).code === "SQLITE_CONSTRAINT_UNIQUE";

export function createLabelsStore(db: Db) {
  const byName = db.prepare<[number, string], LabelRow>(
    "SELECT id, repo_id, name, color, description FROM labels WHERE repo_id = ? AND name_lower = ?",
  );
  const list = db.prepare<[number, number, number], LabelRow>(
    "SELECT id, repo_id, name, color, description FROM labels WHERE repo_id = ? ORDER BY name_lower LIMIT ? OFFSET ?",
  );
  const count = db.prepare<[number], { n: number }>(
    "SELECT COUNT(*) AS n FROM labels WHERE repo_id = ?",
  );
  const insert = db.prepare(
    "INSERT INTO labels (repo_id, name, name_lower, color, description) VALUES (?, ?, ?, ?, ?)",
  );
  const update = db.prepare(
    "UPDATE labels SET name = ?, name_lower = ?, color = ?, description = ? WHERE id = ?",
  );
  const unlinkAll = db.prepare("DELETE FROM issue_labels WHERE label_id = ?");
  const remove = db.prepare("DELETE FROM labels WHERE id = ?");
  const forIssue = db.prepare<[number], LabelRow>(
    `SELECT l.id, l.repo_id, l.name, l.color, l.description FROM issue_labels il
     JOIN labels l ON l.id = il.label_id WHERE il.issue_id = ? ORDER BY l.name_lower`,
  );
  const link = db.prepare(
    "INSERT INTO issue_labels (issue_id, label_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
  );
  const unlink = db.prepare("DELETE FROM issue_labels WHERE issue_id = ? AND label_id = ?");
  const unlinkIssue = db.prepare("DELETE FROM issue_labels WHERE issue_id = ?");

  const find = (repoId: number, name: string): LabelRow | undefined =>
    byName.get(repoId, name.toLowerCase());

  /** Inserts a label; `undefined` when one of that name (case-insensitive) exists already. */
  function create(repoId: number, input: LabelInput): LabelRow | undefined {
    try {
      insert.run(
        repoId,
        input.name,
        input.name.toLowerCase(),
        (input.color ?? DEFAULT_COLOR).toLowerCase(),
        input.description ?? null,
      );
    } catch (error: unknown) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
    return find(repoId, input.name);
  }

  /** Finds or creates each named label, as adding labels to an issue does on GitHub. */
  const ensureAllAtomically = db.transaction((repoId: number, names: string[]): LabelRow[] =>
    names.map((name) => find(repoId, name) ?? (create(repoId, { name }) as LabelRow)),
  );

  const removeAtomically = db.transaction((label: LabelRow) => {
    unlinkAll.run(label.id);
    remove.run(label.id);
  });
  const addAtomically = db.transaction((issueId: number, labels: LabelRow[]) => {
    for (const label of labels) link.run(issueId, label.id);
  });
  const setAtomically = db.transaction((issueId: number, labels: LabelRow[]) => {
    unlinkIssue.run(issueId);
    for (const label of labels) link.run(issueId, label.id);
  });

  return {
    find,
    create,
    ensureAll: (repoId: number, names: string[]): LabelRow[] => ensureAllAtomically(repoId, names),
    list: (repoId: number, limit: number, offset: number): LabelRow[] =>
      list.all(repoId, limit, offset),
    count: (repoId: number): number => count.get(repoId)?.n ?? 0,
    /** Renames or recolours; `undefined` when the new name belongs to another label. */
    update(label: LabelRow, input: Partial<LabelInput>): LabelRow | undefined {
      const name = input.name ?? label.name;
      try {
        update.run(
          name,
          name.toLowerCase(),
          (input.color ?? label.color).toLowerCase(),
          input.description === undefined ? label.description : input.description,
          label.id,
        );
      } catch (error: unknown) {
        if (isUniqueViolation(error)) return undefined;
        throw error;
      }
      return find(label.repo_id, name);
    },
    remove: (label: LabelRow): void => removeAtomically(label),
    forIssue: (issueId: number): LabelRow[] => forIssue.all(issueId),
    addToIssue: (issueId: number, labels: LabelRow[]): void => addAtomically(issueId, labels),
    setOnIssue: (issueId: number, labels: LabelRow[]): void => setAtomically(issueId, labels),
    removeFromIssue: (issueId: number, labelId: number): boolean =>
      unlink.run(issueId, labelId).changes === 1,
  };
}
