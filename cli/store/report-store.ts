import type { Report } from "../../redact/capture.js";
import { shortFingerprint } from "../../redact/fingerprint.js";
import { scrubber } from "../capture/scrubber.js";
import type { CrashfixPaths } from "../config/resolve-paths.js";
import { CrashfixError } from "../errors.js";
import { fs, path } from "../node-builtins.js";
import { writeFileAtomic } from "./write-file-atomic.js";

const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } = fs;
const { join } = path;

// `<fingerprint16>-<captured_at compact>-<report_id 8>.json`. The report id
// part keeps two processes that crash on the same bug in the same second
// from renaming onto each other's file.
const NAME = /^([0-9a-f]{16})-(\d{8}T\d{6}Z)-([0-9a-f]{8})\.json$/;

/** Oldest reports are dropped first once a folder is over its cap. */
export const CAPS = { reports: 100, outbox: 25, sent: 100, rejected: 25 } as const;

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
  return `${shortFingerprint(report.fingerprint)}-${stamp}-${report.report_id.slice(0, 8)}.json`;
}

/** The short id in a report file name. */
export function idOfName(name: string): string {
  return name.slice(-13, -5);
}

/** Exactly the bytes that are sent, shown and stored. */
export function serializeReport(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Oldest first: the capture time follows the fingerprint in every name. */
function byCaptureTime(a: string, b: string): number {
  const left = a.slice(17);
  const right = b.slice(17);
  return left < right ? -1 : left > right ? 1 : 0;
}

function reportNames(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.filter((name) => NAME.test(name)).sort(byCaptureTime);
}

/** Deletes the oldest reports in `dir` beyond `cap` (and their reason files); nothing else. */
export function enforceCap(dir: string, cap: number): void {
  const names = reportNames(dir);
  for (const name of names.slice(0, Math.max(0, names.length - cap))) {
    rmSync(join(dir, name), { force: true });
    rmSync(join(dir, `${name}.reason.txt`), { force: true });
  }
}

/** Stores a report in crash/, and a copy in outbox/ when it is to be sent. */
export function saveReport(
  paths: CrashfixPaths,
  report: Report,
  queue: boolean,
): { name: string; file: string; queued: boolean } {
  const name = reportFileName(report);
  const body = serializeReport(report);
  const file = join(paths.crashDir, name);
  writeFileAtomic(file, body);
  enforceCap(paths.crashDir, CAPS.reports);
  if (queue) {
    writeFileAtomic(join(paths.outboxDir, name), body);
    enforceCap(paths.outboxDir, CAPS.outbox);
  }
  return { name, file, queued: queue };
}

/** Parses and checks one report file; throws REPORT_CORRUPT with what is wrong. */
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
  const { checkReport, verifyFingerprint } = scrubber();
  const checked = checkReport(json);
  if (!checked.ok) {
    throw new CrashfixError(
      "REPORT_CORRUPT",
      `${file} is not a valid crash report (${checked.problems.slice(0, 5).join("; ")}): delete it`,
    );
  }
  if (!verifyFingerprint(checked.report)) {
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
  const names = [...new Set([...stored, ...pending])].sort(byCaptureTime);
  return names.map((name) => {
    const inFolder = new Map([
      [paths.outboxDir, pending],
      [paths.rejectedDir, rejected],
      [paths.sentDir, sent],
    ]);
    const status = statusWhere(paths, (dir) => inFolder.get(dir)?.has(name) === true);
    const file = join(stored.has(name) ? paths.crashDir : paths.outboxDir, name);
    const entry: StoredReport = { name, id: idOfName(name), file, status };
    try {
      entry.report = readReportFile(file);
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
    }
    return entry;
  });
}

/** A report's status from the folders that hold it: queued first, then rejected, then sent. */
function statusWhere(paths: CrashfixPaths, holds: (dir: string) => boolean): ReportStatus {
  if (holds(paths.outboxDir)) return "pending";
  if (holds(paths.rejectedDir)) return "rejected";
  return holds(paths.sentDir) ? "sent" : "local";
}

/** Where one report is now (after a send, in sent/ or rejected/), without listing the folders. */
export function statusOf(paths: CrashfixPaths, name: string): ReportStatus {
  return statusWhere(paths, (dir) => fs.existsSync(join(dir, name)));
}

/** Finds one report by short id, full report_id prefix, or file name. */
export function findReport(paths: CrashfixPaths, id: string): StoredReport {
  const wanted = id
    .trim()
    .toLowerCase()
    .replace(/\.json$/, "");
  if (!/^[0-9a-zT-]{1,64}$/i.test(wanted)) {
    throw new CrashfixError("USAGE", `"${id}" is not a report id: use an id from \`crash list\``);
  }
  const matches = listReports(paths).filter((entry) => {
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
