import { sha256Hex } from "../../redact/sha256-hex.js";
import { fs, path } from "../node-builtins.js";
import { makeFolder } from "./make-folder.js";

const { closeSync, constants, openSync, readFileSync, renameSync, statSync, writeSync } = fs;
const { dirname } = path;

// What this machine's crashfix wrote: one line per report it saved, its
// report_id and the sha256 of its bytes, in the user's own folder
// (`~/.<app>/written-reports`). Reports live in the project, where a cloned
// repository can carry an outbox of its own (git adds a file past any
// .gitignore when told to): a report that passes every check, crafted
// elsewhere and planted there, was sent from each user who ran the tool in
// that clone. A send now needs this line, which no project folder holds.

/** Past this size the list moves to `<file>.1` (read too) before the next line. */
export const WRITTEN_REPORTS_MAX_BYTES = 256 * 1024;

/**
 * Append, made if missing; non-blocking so that a FIFO in the list's place
 * fails at once (ENXIO) instead of hanging a crashing process until a
 * reader comes. On a regular file the flag changes nothing.
 */
const APPEND =
  constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NONBLOCK ?? 0);

const LINE = /^([0-9a-f-]{36}) ([0-9a-f]{64})$/;

/** The digest a line keeps of a report's bytes (serializeReport's). */
export function reportDigest(body: string): string {
  return sha256Hex(body);
}

/**
 * Adds the report's line; false when it could not (a home folder that
 * cannot be written), and then the report is not queued: no send would
 * take it. One short write with O_APPEND is not interleaved with another
 * process's. The list's size is looked at by one capture in sixteen (those
 * whose random id starts with 0): the first stat of a process costs a crash
 * about 0.2 ms, and the list grows by some 100 bytes a report.
 */
export function recordWrittenReport(file: string, reportId: string, body: string): boolean {
  const line = `${reportId} ${reportDigest(body)}\n`;
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

/**
 * Each report_id this machine's crashfix wrote, with its digest, from the
 * list and the one moved aside. The list is read first: when a capture
 * moves it aside between the two reads, its lines are then read twice,
 * never missed. Lines that are not a record are skipped: a half-written
 * last line after a power cut.
 */
export function writtenReports(file: string): Map<string, string> {
  const digests = new Map<string, string>();
  for (const source of [file, `${file}.1`]) {
    let text: string;
    try {
      // Only a file: reading a FIFO would wait for a writer forever.
      if (!statSync(source).isFile()) continue;
      text = readFileSync(source, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n")) {
      const match = LINE.exec(line);
      if (match !== null && !digests.has(match[1] as string)) {
        digests.set(match[1] as string, match[2] as string);
      }
    }
  }
  return digests;
}
