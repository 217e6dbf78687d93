import type { Report } from "../../redact/capture.js";
import { isDigitCode, isLowerHexCode } from "../../redact/char-class.js";
import { shortFingerprint } from "../../redact/fingerprint.js";
import type { CrashfixPaths } from "../config/resolve-paths.js";
import { fs } from "../node-builtins.js";
import { under } from "../path-under.js";
import { removeFile } from "./remove-file.js";
import { writeFileAtomic } from "./write-file-atomic.js";

const { readdirSync } = fs;

// Writing a report where the crash path and the commands keep them. The crash
// path runs this from the scrubber's bundle (dist/scrubber.cjs), whose code
// a crash loads compiled; reading reports back is report-store.ts.

/** Oldest reports are dropped first once a folder is over its cap. */
export const CAPS = { reports: 100, outbox: 25, sent: 100, rejected: 25 } as const;

/**
 * `<fingerprint16>-<captured_at compact>-<report_id 8>.json`. The report id
 * part keeps two processes that crash on the same bug in the same second
 * from renaming onto each other's file.
 */
export function reportFileName(report: Report): string {
  const stamp = report.captured_at.replaceAll("-", "").replaceAll(":", "");
  return `${shortFingerprint(report.fingerprint)}-${stamp}-${report.report_id.slice(0, 8)}.json`;
}

/** Exactly the bytes that are sent, shown and stored. */
export function serializeReport(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Oldest first: the capture time follows the fingerprint in every name. */
export function byCaptureTime(a: string, b: string): number {
  const left = a.slice(17);
  const right = b.slice(17);
  return left < right ? -1 : left > right ? 1 : 0;
}

function entriesOf(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Whether `name` is a report file's name, read by character: a crash lists
 * the folder's reports (up to its cap), where the regex
 * /^[0-9a-f]{16}-\d{8}T\d{6}Z-[0-9a-f]{8}\.json$/ would be compiled twice
 * (its second call tiers it up).
 */
export function isReportName(name: string): boolean {
  return (
    name.length === 47 &&
    allIn(name, 0, 16, isLowerHexCode) &&
    name.startsWith("-", 16) &&
    allIn(name, 17, 25, isDigitCode) &&
    name.startsWith("T", 25) &&
    allIn(name, 26, 32, isDigitCode) &&
    name.startsWith("Z-", 32) &&
    allIn(name, 34, 42, isLowerHexCode) &&
    name.endsWith(".json")
  );
}

function allIn(text: string, start: number, end: number, test: (code: number) => boolean): boolean {
  for (let i = start; i < end; i += 1) if (!test(text.charCodeAt(i))) return false;
  return true;
}

/** The report files in `dir`, oldest first. */
export function reportNames(dir: string): string[] {
  return entriesOf(dir).filter(isReportName).sort(byCaptureTime);
}

/**
 * Deletes the oldest reports in `dir` beyond `cap` (and their reason files,
 * where the listing holds one); nothing else. Best effort: a report that
 * cannot be deleted does not undo the capture that got here.
 */
export function enforceCap(dir: string, cap: number): void {
  const entries = entriesOf(dir);
  const names = entries.filter(isReportName);
  if (names.length <= cap) return;
  const listed = new Set(entries);
  for (const name of names.sort(byCaptureTime).slice(0, names.length - cap)) {
    removeFile(under(dir, name));
    const reason = `${name}.reason.txt`;
    if (listed.has(reason)) removeFile(under(dir, reason));
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
  const file = under(paths.crashDir, name);
  writeFileAtomic(file, body);
  enforceCap(paths.crashDir, CAPS.reports);
  if (queue) {
    writeFileAtomic(under(paths.outboxDir, name), body);
    enforceCap(paths.outboxDir, CAPS.outbox);
  }
  return { name, file, queued: queue };
}
