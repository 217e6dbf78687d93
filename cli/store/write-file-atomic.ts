import { fs, path } from "../node-builtins.js";

const { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } = fs;
const { basename, dirname, join } = path;

// Write to a temp file in the same directory, then rename over the target:
// rename(2) is atomic on one filesystem, so a reader (or a second crashing
// process) sees either the old file or the complete new one, never half.
// No fsync: a crash report lost to a power cut is acceptable, and readers
// treat a truncated file as corrupt.
let counter = 0;

/** Writes `data` to `path` atomically, creating missing folders owner-only. */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // pid + counter is unique among live processes; "wx" refuses a leftover.
  counter += 1;
  const temp = join(dir, `.${basename(path)}.${process.pid}.${counter}.tmp`);
  const fd = openSync(temp, "wx", mode);
  try {
    writeSync(fd, typeof data === "string" ? Buffer.from(data) : data);
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
