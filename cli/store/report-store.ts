import type { Report } from "../../redact/capture.js";
import { scrubberForCommands } from "../capture/scrubber-unavailable.js";
import type { CrashfixPaths } from "../config/resolve-paths.js";
import { CrashfixError } from "../errors.js";
import { fs, path } from "../node-builtins.js";
import { makeFolder } from "./make-folder.js";
import {
  byCaptureTime,
  CAPS,
  enforceCap,
  reasonFileName,
  reportNames,
  serializeReport,
} from "./save-report.js";
import { writeFileAtomic } from "./write-file-atomic.js";

// Reading reports back, for the commands and the sender; writing one is
// save-report.ts.

const { readFileSync, renameSync } = fs;
const { join } = path;

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

/** The short id in a report file name. */
export function idOfName(name: string): string {
  return name.slice(-13, -5);
}

/**
 * Parses and checks one report file; throws REPORT_CORRUPT with what is
 * wrong, or SCRUBBER_UNAVAILABLE when the checks themselves cannot load.
 */
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
  const { checkReport, verifyFingerprint } = scrubberForCommands();
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
      // Not a fault of this report but of this copy of crashfix: one error for the command.
      if (error instanceof CrashfixError && error.code === "SCRUBBER_UNAVAILABLE") throw error;
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

/** The fewest characters of an id that name a report. */
const MIN_ID_CHARACTERS = 4;

/** Finds one report by short id, full report_id prefix (at least MIN_ID_CHARACTERS), or file name. */
export function findReport(paths: CrashfixPaths, id: string): StoredReport {
  const wanted = id
    .trim()
    .toLowerCase()
    .replace(/\.json$/, "");
  if (!/^[0-9a-zT-]{1,64}$/i.test(wanted)) {
    throw new CrashfixError("USAGE", `"${id}" is not a report id: use an id from \`crash list\``);
  }
  // A prefix of a few characters matches whichever report happens to be
  // alone with it today, and another one tomorrow: a script that keeps it
  // would act on the wrong report without a word.
  if (wanted.length < MIN_ID_CHARACTERS) {
    throw new CrashfixError(
      "USAGE",
      `"${id}" is too short to name a report: give at least ${MIN_ID_CHARACTERS} characters of its id (from \`crash list\`)`,
    );
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

/**
 * Whether the project's outbox is a link (a cloned repository can carry
 * `outbox -> .`): it then holds nothing crashfix queued, and nothing is sent
 * or removed through it.
 */
export function outboxIsLink(paths: CrashfixPaths): boolean {
  try {
    return fs.lstatSync(paths.outboxDir).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The reason a send wrote beside a report it moved to rejected/, as written, or undefined when there is none yet. */
export function rejectionReason(paths: CrashfixPaths, name: string): string | undefined {
  try {
    return readFileSync(join(paths.rejectedDir, reasonFileName(name)), "utf8");
  } catch {
    return undefined;
  }
}

/** Moves a queued report to `dir`, e.g. sent/ or rejected/. */
export function moveFromOutbox(paths: CrashfixPaths, name: string, dir: string, cap: number): void {
  makeFolder(dir);
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
