import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

// Write to a temp file in the same directory, then rename over the target:
// rename(2) is atomic on one filesystem, so a reader (or a second crashing
// process) sees either the old file or the complete new one, never half.
// No fsync: a crash report lost to a power cut is acceptable, and readers
// treat a truncated file as corrupt; fsync would add milliseconds to every
// crash on slow disks.
let counter = 0;

/**
 * Runs `act`, and if it fails because `dir` is missing, creates `dir` (and
 * its parents, owner-only) and runs it again. The folder nearly always
 * exists, and a crash should not pay a recursive mkdir (a mkdir and a stat,
 * ~0.1 ms the first time) to learn that.
 */
export function inDirectory<T>(dir: string, act: () => T): T {
  try {
    return act();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return act();
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  const dir = dirname(path);
  // pid + counter is unique among live processes; "wx" refuses a leftover.
  // (No node:crypto: loading it costs a host's start about 10 ms.)
  counter += 1;
  const temp = join(dir, `.${basename(path)}.${process.pid}.${counter}.tmp`);
  const fd = inDirectory(dir, () => openSync(temp, "wx", mode));
  try {
    // Two calls because writeSync's overloads take a string or bytes, not the union.
    if (typeof data === "string") writeSync(fd, data);
    else writeSync(fd, data);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
