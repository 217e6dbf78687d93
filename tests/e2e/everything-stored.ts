// Everything a local stack has stored, as one text a test can search for
// planted secrets: raw files, every SQLite row, and git history.
import { execFile } from "node:child_process";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";

const execFileAsync = promisify(execFile);

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Every table of a SQLite file, row by row, as text (page splits cannot hide a value). */
function dumpSqlite(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all() as Array<{ name: string }>;
    return tables
      .map(({ name }) =>
        JSON.stringify(db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all()),
      )
      .join("\n");
  } finally {
    db.close();
  }
}

/** Everything the local GitHub and the ingest hold, as text: raw files, SQLite rows, git history. */
export async function everythingStored(dataDir: string): Promise<string> {
  const parts: string[] = [];
  for (const file of await listFiles(dataDir)) {
    const bytes = await readFile(file);
    parts.push(bytes.toString("utf8"));
    if (bytes.subarray(0, 16).toString("latin1") === "SQLite format 3\0")
      parts.push(dumpSqlite(file));
    if (
      basename(file) === "HEAD" &&
      (await stat(join(dirname(file), "objects")).catch(() => undefined))
    ) {
      const { stdout } = await execFileAsync(
        "git",
        ["--git-dir", dirname(file), "log", "-p", "--all"],
        {
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      parts.push(stdout);
    }
  }
  return parts.join("\n");
}
