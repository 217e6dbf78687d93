import type { Report } from "../../redact/capture.js";
import { shortFingerprint } from "../../redact/fingerprint.js";
import { utcSeconds } from "../../redact/utc-seconds.js";
import type { CrashfixPaths } from "../config/resolve-paths.js";
import { fs } from "../node-builtins.js";
import { under } from "../path-under.js";
import { removeFile } from "./remove-file.js";
import { isReportName } from "./report-name.js";
import { writeFileAtomic } from "./write-file-atomic.js";
import { recordWrittenReport } from "./written-reports.js";

const { readdirSync, writeFileSync } = fs;

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
  const stamp = compactStamp(report.captured_at);
  return `${shortFingerprint(report.fingerprint)}-${stamp}-${report.report_id.slice(0, 8)}.json`;
}

/** A `YYYY-MM-DDTHH:MM:SSZ` time as report file names hold it: `YYYYMMDDTHHMMSSZ`. */
function compactStamp(utc: string): string {
  return utc.replaceAll("-", "").replaceAll(":", "");
}

/** The file beside a report in rejected/ that says why it was refused. */
export function reasonFileName(name: string): string {
  return `${name}.reason.txt`;
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
 * Whether `name` is as long as a report file's name and ends as one does: a
 * check that reads no character of it. A crash counts its folder's reports
 * so first, and reads the names only when there are more than the cap (a
 * user who has crashed a hundred times): reading each of 100 names by
 * character cost a crash 6.5 ms of CPU and 184 pages, most of it V8
 * optimizing the loop; the regex over them adds about 0.2 ms.
 */
function hasReportShape(name: string): boolean {
  return name.length === 47 && name.endsWith(".json");
}

/** The report files in `dir`, oldest first. */
export function reportNames(dir: string): string[] {
  return entriesOf(dir).filter(isReportName).sort(byCaptureTime);
}

/** Further ahead than this, a report's capture time is no capture of this machine's. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Deletes the oldest reports in `dir` beyond `cap` (and their reason files,
 * where the listing holds one); nothing else. Names dated in the future go
 * first: a cloned repository that carries a hundred of them (dated 2099)
 * would otherwise make each new report the oldest, deleted as it is
 * written. Best effort: a report that cannot be deleted does not undo the
 * capture that got here.
 */
export function enforceCap(dir: string, cap: number, now = Date.now()): void {
  const entries = entriesOf(dir);
  if (entries.filter(hasReportShape).length <= cap) return;
  const names = entries.filter(isReportName);
  if (names.length <= cap) return;
  const listed = new Set(entries);
  // utcSeconds, not toISOString: a process's first toISOString costs a crash 0.7 ms.
  const latest = compactStamp(utcSeconds(new Date(now + CLOCK_SKEW_MS)));
  const future = (name: string) => (name.slice(17, 33) > latest ? 0 : 1);
  const order = (a: string, b: string) => future(a) - future(b) || byCaptureTime(a, b);
  for (const name of names.sort(order).slice(0, names.length - cap)) {
    removeFile(under(dir, name));
    const reason = reasonFileName(name);
    if (listed.has(reason)) removeFile(under(dir, reason));
  }
}

/**
 * Reports live in the user's project (`.<app>/crash/`), where `git add .`
 * would take them: the folder gets a `.gitignore` that ignores everything in
 * it, itself included, when the first report creates it (as pytest does for
 * `.pytest_cache`). Only crash/ is crashfix's own; the host may keep files of
 * its own in `.<app>/`. Best effort: a report does not fail for it.
 */
function keepOutOfVersionControl(crashDir: string): void {
  try {
    writeFileSync(under(crashDir, ".gitignore"), "# crash reports, written by crashfix\n*\n", {
      flag: "wx",
      mode: 0o600,
    });
  } catch {
    // already there, or a folder we cannot write in: the report is what counts
  }
}

/**
 * Stores a report in crash/, records it in the user's list of reports this
 * machine wrote (which a send needs), and puts a copy in outbox/ when it is
 * to be sent. Throws only when the report itself cannot be written: one
 * that is saved but cannot be recorded or queued (a home folder or an
 * outbox/ that cannot be written, a full disk) is kept unqueued, so the
 * crash notice says nothing was sent, not that nothing was saved.
 */
export function saveReport(
  paths: CrashfixPaths,
  report: Report,
  queue: boolean,
): { name: string; file: string; queued: boolean; recorded: boolean } {
  const name = reportFileName(report);
  const body = serializeReport(report);
  const file = under(paths.crashDir, name);
  if (writeFileAtomic(file, body)) keepOutOfVersionControl(paths.crashDir);
  enforceCap(paths.crashDir, CAPS.reports);
  // Recorded before it is queued, so a flush never meets it unrecorded.
  const recorded = recordWrittenReport(paths.writtenReportsFile, report.report_id);
  let queued = false;
  if (queue && recorded) {
    try {
      writeFileAtomic(under(paths.outboxDir, name), body);
      queued = true;
    } catch {
      // kept, not queued: `crash submit` sends it, or says why it cannot
    }
    if (queued) enforceCap(paths.outboxDir, CAPS.outbox);
  }
  return { name, file, queued, recorded };
}
