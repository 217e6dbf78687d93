import { runGit } from "../run-git.js";
import type { Change } from "./check-changes.js";

// Flags that keep git from running configured programs while it diffs: the
// agent could have written .git/config in the agent job.
export const SAFE_DIFF_FLAGS = ["--no-ext-diff", "--no-textconv", "--no-renames"] as const;

// What the index changes relative to `base`, from git's own machine-readable
// output (-z: paths are NUL-terminated, never quoted), so odd file names
// cannot smuggle a path past the checks.
export async function listChanges(cwd: string, base: string): Promise<Change[]> {
  const raw = await runGit(["diff", "--cached", "--raw", "-z", ...SAFE_DIFF_FLAGS, base], { cwd });
  const numstat = await runGit(["diff", "--cached", "--numstat", "-z", ...SAFE_DIFF_FLAGS, base], {
    cwd,
  });
  const binary = new Set<string>();
  for (const record of numstat.split("\0")) {
    const [added, deleted, path] = record.split("\t");
    if (path !== undefined && added === "-" && deleted === "-") binary.add(path);
  }
  const fields = raw.split("\0");
  const changes: Change[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const meta = fields[i] ?? "";
    const path = fields[i + 1] ?? "";
    const [oldMode = "", newMode = "", , , status = ""] = meta.replace(/^:/, "").split(" ");
    if (meta === "") break;
    changes.push({ status, path, oldMode, newMode, binary: binary.has(path) });
  }
  return changes;
}

// The staged change against `base` as a unified diff without context lines,
// for reading what the added lines say.
export function readAddedDiff(cwd: string, base: string): Promise<string> {
  return runGit(["diff", "--cached", "-U0", "--no-color", ...SAFE_DIFF_FLAGS, base], { cwd });
}
