import type { Report } from "../../redact/capture.js";
import { shortFingerprint } from "../../redact/fingerprint.js";
import type { CrashfixPaths } from "../config/resolve-paths.js";
import { fs, path } from "../node-builtins.js";
import { writeFileAtomic } from "./write-file-atomic.js";

const { readdirSync, rmSync } = fs;
const { join } = path;

// Writing a report where the crash path and the commands keep them. The crash
// path runs this from the scrubber's bundle (dist/scrubber.cjs), whose code
// a crash loads compiled; reading reports back is report-store.ts.

// `<fingerprint16>-<captured_at compact>-<report_id 8>.json`. The report id
// part keeps two processes that crash on the same bug in the same second
// from renaming onto each other's file.
const NAME = /^([0-9a-f]{16})-(\d{8}T\d{6}Z)-([0-9a-f]{8})\.json$/;

/** Oldest reports are dropped first once a folder is over its cap. */
export const CAPS = { reports: 100, outbox: 25, sent: 100, rejected: 25 } as const;

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

/** The report files in `dir`, oldest first. */
export function reportNames(dir: string): string[] {
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
