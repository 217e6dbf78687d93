import { linkSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Report } from "../redact/index.js";
import { CrashfixError } from "./errors.js";
import { loadRedact } from "./load-lazily.js";
import type { CrashfixPaths } from "./resolve-paths.js";
import { inDirectory, writeFileAtomic } from "./write-file-atomic.js";

// `<fingerprint16>-<captured_at compact>-<report_id 8>.json`. The report id
// part keeps two processes that crash on the same bug in the same second
// from renaming onto each other's file.
const NAME = /^([0-9a-f]{16})-(\d{8}T\d{6}Z)-([0-9a-f]{8})\.json$/;

/** Where the capture time starts in a report name (after `<fingerprint16>-`). */
const TIME_AT = 17;

/** Oldest first: the part after the fingerprint orders by capture time. */
function sortByTime(names: readonly string[]): string[] {
  // Each key is the name with its time part copied to the front, sorted by
  // the built-in string order: no comparator runs in JavaScript. A crash at
  // the cap sorts ~100 names: ~0.2 ms with a comparator, the code being
  // cold, against ~0.005 ms this way (measured in a fresh process).
  // "/" cannot occur in a file name, so it separates the key from the name.
  const keys = names.map((name) => `${name.slice(TIME_AT)}/${name}`);
  keys.sort();
  return keys.map((key) => key.slice(key.indexOf("/") + 1));
}

/** Oldest reports are dropped first once a folder is over its cap. */
export const CAPS = { reports: 100, outbox: 25, sent: 100, rejected: 25 } as const;

/**
 * Stored reports left after the store goes over its cap. Pruning lists,
 * checks and sorts the whole folder; dropping ten at once makes that one
 * crash in ten at the cap instead of every one (at the cap a crash cost a
 * host 1.4-2.4 ms more than in a project with no reports yet: whole process,
 * 30 interleaved runs, twice). The outbox stays exact: what is pruned there
 * is never sent.
 */
export const REPORTS_AFTER_PRUNE = 90;

export type ReportStatus = "pending" | "sent" | "rejected" | "local";

export type StoredReport = {
  name: string;
  /** Short id users type: the first 8 hex of report_id. */
  id: string;
  file: string;
  status: ReportStatus;
  report?: Report;
  /** Set when the file cannot be read back as a valid report. */
  error?: string;
};

export function reportFileName(report: Report): string {
  const stamp = report.captured_at.replace(/[-:]/g, "");
  return `${report.fingerprint.slice(0, 16)}-${stamp}-${report.report_id.slice(0, 8)}.json`;
}

/** Exactly the bytes that are sent, shown and stored. */
export function serializeReport(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function directoryEntries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function reportNamesAmong(entries: readonly string[]): string[] {
  return entries.filter((name) => NAME.test(name));
}

function unsortedReportNames(dir: string): string[] {
  return reportNamesAmong(directoryEntries(dir));
}

function reportNames(dir: string): string[] {
  return sortByTime(unsortedReportNames(dir));
}

/**
 * Once `dir` holds more than `cap` reports, deletes the oldest down to
 * `keep` (at most `cap`); files we did not name are never touched.
 */
export function enforceCap(dir: string, cap: number, keep: number = cap): void {
  const entries = directoryEntries(dir);
  // Under the cap even counting every entry: no name needs checking.
  if (entries.length <= cap) return;
  const unsorted = reportNamesAmong(entries);
  if (unsorted.length <= cap) return;
  const names = sortByTime(unsorted);
  for (const name of names.slice(0, names.length - Math.min(keep, cap))) {
    removeFile(join(dir, name));
    // Only when listed: a failed unlink throws an Error built with its stack.
    const reason = `${name}.reason.txt`;
    if (entries.includes(reason)) removeFile(join(dir, reason));
  }
}

/**
 * unlink, a missing file being fine. (rmSync would do, but its first use
 * loads Node's recursive-removal module, a millisecond on a crash at the cap.)
 */
function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

export function saveReport(
  paths: CrashfixPaths,
  report: Report,
  queue: boolean,
): { name: string; file: string; queued: boolean } {
  const name = reportFileName(report);
  const body = serializeReport(report);
  const file = join(paths.crashDir, name);
  writeFileAtomic(file, body);
  if (queue) queueCopy(file, join(paths.outboxDir, name), body);
  enforceCap(paths.crashDir, CAPS.reports, REPORTS_AFTER_PRUNE);
  if (queue) enforceCap(paths.outboxDir, CAPS.outbox);
  return { name, file, queued: queue };
}

/**
 * The outbox entry as a hard link to the stored report: one more directory
 * entry instead of a second temp file, write and rename on the crash path.
 * Reports are never changed once written (sending renames them, so the
 * link and the stored file stay the same bytes). Where links are refused
 * (some filesystems), or the name exists, it is written as a copy.
 */
function queueCopy(stored: string, queued: string, body: string): void {
  try {
    inDirectory(dirname(queued), () => linkSync(stored, queued));
  } catch {
    writeFileAtomic(queued, body);
  }
}

/** Parses and validates one report file; throws REPORT_CORRUPT with what is wrong. */
export function readReportFile(file: string): Report {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CrashfixError(
      "REPORT_CORRUPT",
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CrashfixError(
      "REPORT_CORRUPT",
      `${file} is not valid JSON (truncated or edited?): delete it`,
      { cause: error },
    );
  }
  const redact = loadRedact();
  const checked = redact.checkReport(json);
  if (!checked.ok) {
    throw new CrashfixError(
      "REPORT_CORRUPT",
      `${file} is not a valid crash report (${checked.problems.slice(0, 5).join("; ")}): delete it`,
    );
  }
  if (!redact.verifyFingerprint(checked.report)) {
    throw new CrashfixError(
      "REPORT_CORRUPT",
      `${file} has a fingerprint that does not match its contents (edited?): delete it`,
    );
  }
  return checked.report;
}

export function listReports(paths: CrashfixPaths): StoredReport[] {
  const pending = new Set(reportNames(paths.outboxDir));
  const sent = new Set(reportNames(paths.sentDir));
  const rejected = new Set(reportNames(paths.rejectedDir));
  // A report can be in the outbox after its copy in crash/ aged out of the cap.
  const stored = new Set(reportNames(paths.crashDir));
  const names = sortByTime([...new Set([...stored, ...pending])]);
  return names.map((name) => {
    const status: ReportStatus = pending.has(name)
      ? "pending"
      : rejected.has(name)
        ? "rejected"
        : sent.has(name)
          ? "sent"
          : "local";
    const file = join(stored.has(name) ? paths.crashDir : paths.outboxDir, name);
    const entry: StoredReport = { name, id: name.slice(-13, -5), file, status };
    try {
      entry.report = readReportFile(file);
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
    }
    return entry;
  });
}

/** Finds one report by short id, full report_id prefix, or file name. */
export function findReport(paths: CrashfixPaths, id: string): StoredReport {
  const wanted = id
    .trim()
    .toLowerCase()
    .replace(/\.json$/, "");
  if (!/^[0-9a-zT-]{1,64}$/i.test(wanted)) {
    throw new CrashfixError("USAGE", `"${id}" is not a report id: use an id from \`crash\``);
  }
  const all = listReports(paths);
  const matches = all.filter((entry) => {
    if (entry.name.slice(0, -5) === wanted) return true;
    if (wanted.length <= 8) return entry.id.startsWith(wanted);
    return entry.report?.report_id.startsWith(wanted) ?? false;
  });
  if (matches.length === 0) {
    throw new CrashfixError(
      "REPORT_NOT_FOUND",
      `no crash report with id ${id} in ${paths.crashDir}`,
    );
  }
  if (matches.length > 1) {
    throw new CrashfixError(
      "REPORT_AMBIGUOUS",
      `${matches.length} reports match ${id}: give more characters of the id`,
    );
  }
  return matches[0] as StoredReport;
}

/** Moves a queued report to `dir`, e.g. sent/ or rejected/. */
export function moveFromOutbox(paths: CrashfixPaths, name: string, dir: string, cap: number): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  renameSync(join(paths.outboxDir, name), join(dir, name));
  enforceCap(dir, cap);
}

export function queueReport(paths: CrashfixPaths, entry: StoredReport, report: Report): void {
  writeFileAtomic(join(paths.outboxDir, entry.name), serializeReport(report));
  enforceCap(paths.outboxDir, CAPS.outbox);
}

export function outboxNames(paths: CrashfixPaths): string[] {
  return reportNames(paths.outboxDir);
}
