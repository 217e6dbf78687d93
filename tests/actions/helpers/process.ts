import { readFileSync } from "node:fs";

// A killed process whose parent died stays a zombie until init reaps it; it
// runs no code, so it counts as gone (Linux /proc/<pid>/stat state Z or X).
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}
