import { unreadableFile } from "../config/unreadable-file.js";
import { CrashfixError } from "../errors.js";
import { fs, path } from "../node-builtins.js";
import { makeFolder } from "./make-folder.js";

const { closeSync, constants, fstatSync, openSync, readSync, renameSync, statSync, writeSync } = fs;
const { dirname } = path;

// What this machine's crashfix wrote: one line per report it saved, its
// report_id (a random UUID v4: 122 bits no one elsewhere can guess), in the
// user's own folder (`~/.<app>/written-reports`). Reports live in the
// project, where a cloned repository can carry an outbox of its own (git
// adds a file past any .gitignore when told to): a report that passes every
// check, crafted elsewhere and planted there, was sent from each user who
// ran the tool in that clone. A send now needs this line, which no project
// folder holds.

/**
 * Past this size the list moves to `<file>.1` (read too), replacing the one
 * moved before: about 28,000 reports a file, so a report is known for at
 * least its 28,000 successors.
 */
export const WRITTEN_REPORTS_MAX_BYTES = 1024 * 1024;

/**
 * What a send reads of each file, from its end: a list that grew past this
 * (no capture has moved it aside, or it was filled by hand) costs a send
 * neither memory nor seconds beyond it.
 */
const READ_MAX_BYTES = 2 * WRITTEN_REPORTS_MAX_BYTES;

// O_NONBLOCK: a FIFO in the list's place fails at once (ENXIO on write,
// not a file on read) instead of hanging a crashing process or a send
// until another process opens it. On a regular file it changes nothing.
const NONBLOCK = constants.O_NONBLOCK ?? 0;
const APPEND = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | NONBLOCK;
const READ = constants.O_RDONLY | NONBLOCK;

const RECORD = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RECORD_LENGTH = 36;

/**
 * Adds the report's line; false when it could not (a home folder that
 * cannot be written), and then the report is not queued: no send would
 * take it. One short write with O_APPEND is not interleaved with another
 * process's. The list's size is looked at by one capture in sixteen (those
 * whose random id starts with 0): the first stat of a process costs a crash
 * about 0.2 ms, and the list grows by 37 bytes a report.
 */
export function recordWrittenReport(file: string, reportId: string): boolean {
  const line = `${reportId}\n`;
  try {
    if (reportId.startsWith("0")) moveAsideWhenFull(file);
    let fd: number;
    try {
      fd = openSync(file, APPEND, 0o600);
    } catch {
      makeFolder(dirname(file));
      fd = openSync(file, APPEND, 0o600);
    }
    try {
      writeSync(fd, line);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch {
    return false;
  }
}

/** Moves the list to `<file>.1` once past its size; a process appending meanwhile writes into the moved file, which is read too. */
function moveAsideWhenFull(file: string): void {
  try {
    if (statSync(file).size > WRITTEN_REPORTS_MAX_BYTES) renameSync(file, `${file}.1`);
  } catch {
    // no list yet, or moved by another process just now
  }
}

/** The file's last READ_MAX_BYTES as text (from a line's start), or undefined when there is none. */
function readTail(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, READ);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CrashfixError("WRITTEN_LIST_UNREADABLE", unreadableFile(file, error), {
      cause: error,
    });
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      throw new CrashfixError(
        "WRITTEN_LIST_UNREADABLE",
        `cannot read ${file}: it is not a file: move or delete it`,
      );
    }
    const length = Math.min(stats.size, READ_MAX_BYTES);
    const bytes = Buffer.alloc(length);
    const read = readSync(fd, bytes, 0, length, stats.size - length);
    const text = bytes.toString("utf8", 0, read);
    return length < stats.size ? text.slice(text.indexOf("\n") + 1) : text;
  } finally {
    closeSync(fd);
  }
}

/**
 * Each report_id this machine's crashfix wrote, from the list and the one
 * moved aside. The list is read first: when a capture moves it aside
 * between the two reads, its lines are then read twice, never missed.
 * Throws WRITTEN_LIST_UNREADABLE when either exists but cannot be read (its
 * permissions, a folder in its place): a send then leaves every report
 * queued rather than refuse the user's own.
 */
export function writtenReports(file: string): Set<string> {
  const ids = new Set<string>();
  for (const source of [file, `${file}.1`]) {
    const text = readTail(source);
    if (text === undefined) continue;
    for (const line of text.split("\n")) {
      // A record is a line's end: a line cut short by a power cut, with the
      // next record appended to it, still yields that record.
      const id = line.slice(-RECORD_LENGTH);
      if (RECORD.test(id)) ids.add(id);
    }
  }
  return ids;
}
