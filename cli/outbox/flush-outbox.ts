import type { RedactionContext, Report } from "../../redact/capture.js";
import { readGitOriginUrl, withOriginRepo } from "../capture/read-git-origin.js";
import { scrubberForCommands } from "../capture/scrubber-unavailable.js";
import { decide, decideInputFor } from "../collection/decide-collection.js";
import type { ResolvedConfig } from "../config/resolve-config.js";
import { CrashfixError } from "../errors.js";
import { fs, path } from "../node-builtins.js";
import { makeFolder } from "../store/make-folder.js";
import {
  moveFromOutbox,
  outboxIsLink,
  outboxNames,
  readReportFile,
} from "../store/report-store.js";
import {
  CAPS,
  CLOCK_SKEW_MS,
  reasonFileName,
  reportFileName,
  serializeReport,
} from "../store/save-report.js";
import { writeFileAtomic } from "../store/write-file-atomic.js";
import { writtenReports } from "../store/written-reports.js";
import { backoffMs, readFlushState, writeFlushState } from "./flush-state.js";
import { withdrawQueuedBeforeOptOut } from "./queued-before-opt-out.js";

const { closeSync, lstatSync, openSync, rmSync, statSync } = fs;
const { join } = path;

export type FlushOptions = {
  config: ResolvedConfig;
  env?: Record<string, string | undefined>;
  /** The project folder, whose git origin names a repo to scrub (default: this process's). */
  cwd?: string;
  fetch?: typeof globalThis.fetch;
  now?: () => number;
  /** Per-run cap on requests. */
  maxReports?: number;
  timeoutMs?: number;
  /** `crash submit` is the user asking now: it does not wait out the backoff. */
  ignoreBackoff?: boolean;
  /** Only these outbox file names (default: all, oldest first). */
  names?: string[];
  /** How long to wait for a flush already running (`crash submit` waits; the background flush does not). */
  waitForLockMs?: number;
};

export type FlushResult = {
  sent: string[];
  rejected: { name: string; reason: string }[];
  failed: { name: string; reason: string }[];
  /**
   * Queued before the user last ran `telemetry off`: taken out of the
   * outbox unsent by a flush the user did not ask for (without `names`),
   * and kept on this machine (outbox/queued-before-opt-out.ts).
   */
  withdrawn: string[];
  /** Why nothing was attempted, when nothing was. */
  skipped?: string;
};

const STALE_LOCK_MS = 5 * 60 * 1000;
/** Why a report whose fields the scrubber would change now is not sent. */
export const SCRUBBED_FURTHER =
  "a field of it does not come out of the scrubber as it is (edited since it was written, or written under older rules)";
/** Why a report with no line in the list of reports written (store/written-reports.ts) is not sent. */
export function notWrittenHere(listFile: string): string {
  return `${listFile} has no record that crashfix on this machine wrote it (a report from a copied or cloned folder, one it could not record there, or one written before it kept that record)`;
}
const LOCK_POLL_MS = 100;

function takeLock(file: string, now: number): boolean {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      closeSync(openSync(file, "wx", 0o600));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") return false;
      try {
        // A flusher that died mid-run leaves its lock behind; reclaim it.
        if (now - statSync(file).mtimeMs < STALE_LOCK_MS) return false;
        rmSync(file, { force: true });
      } catch {
        return false;
      }
    }
  }
  return false;
}

async function waitForLock(file: string, now: () => number, waitMs: number): Promise<boolean> {
  const deadline = now() + waitMs;
  while (!takeLock(file, now())) {
    if (now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
  return true;
}

/** RFC 9110 section 10.2.3: delay-seconds or an HTTP-date. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Why a request never got an answer, in the system's words where it gave
 * some: fetch rejects with a TypeError ("fetch failed") whose cause carries
 * the socket's code (ECONNREFUSED, ENOTFOUND, ECONNRESET, a TLS code...).
 */
function networkReason(error: unknown): string {
  const { name, cause } = (error ?? {}) as {
    name?: unknown;
    cause?: { code?: unknown; message?: unknown };
  };
  if (name === "TimeoutError") return "timed out";
  const code = cause?.code;
  if (typeof code === "string" && /^[A-Z0-9_]{2,40}$/.test(code)) return `network error (${code})`;
  // fetch's own refusals carry only a message ("bad port" for a port it never uses).
  const message = cause?.message;
  if (typeof message === "string" && /^[\w .,:'-]{1,60}$/.test(message)) {
    return `network error (${message})`;
  }
  return `network error (${typeof name === "string" ? name : "unknown"})`;
}

/** A short, printable excerpt of a reason read from a server or a file; never echoed raw. */
export function excerpt(text: string): string {
  return text
    .replace(/[^\x20-\x7e]+/g, " ")
    .trim()
    .slice(0, 200);
}

/**
 * Sends queued reports to `<endpoint>/v1/crash`, oldest first, each with its
 * report_id as Idempotency-Key, so a retry after a lost answer is counted
 * once. A 2xx moves the report to sent/; 400/413/422 move it to rejected/
 * with the reason (a bad report never gets better by retrying); anything
 * else leaves it queued and backs off. Never sends unless decide() allows it
 * (not opted out, the notice shown and its first run over), or without an
 * endpoint, and never, unasked, a report queued before the user last ran
 * `telemetry off`.
 */
export async function flushOutbox(options: FlushOptions): Promise<FlushResult> {
  const { config } = options;
  const env = options.env ?? process.env;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const result: FlushResult = { sent: [], rejected: [], failed: [], withdrawn: [] };
  const paths = config.paths;
  /** scrubContext()'s answer, once read. */
  let projectContext: RedactionContext | undefined;
  /** The reports this machine wrote, read once a flush, on its first report. */
  let written: Set<string> | undefined;

  /** Why nothing may be sent now, or undefined. */
  const heldBack = (): string | undefined => {
    const decision = decide(decideInputFor(config, env));
    if (!decision.enabled && decision.state !== "local") {
      return decision.state === "off" ? `collection is off (${decision.reason})` : decision.reason;
    }
    if (!decision.enabled || config.endpoint === undefined) return "no endpoint is configured";
    return undefined;
  };
  const notNow = heldBack();
  if (notNow !== undefined) {
    result.skipped = notNow;
    return result;
  }
  const state = readFlushState(paths.flushStateFile);
  if (!options.ignoreBackoff && state.nextAttemptAt > now()) {
    result.skipped = `backing off until ${new Date(state.nextAttemptAt).toISOString()}`;
    return result;
  }
  makeFolder(paths.outboxDir);
  // A project's outbox that is a link (a cloned repository can carry
  // `outbox -> .`) would make reports kept on this machine queued ones.
  if (outboxIsLink(paths)) {
    result.skipped = `${paths.outboxDir} is a link, not a folder crashfix made: delete it`;
    return result;
  }
  if (!(await waitForLock(paths.flushLockFile, now, options.waitForLockMs ?? 0))) {
    result.skipped = "another flush is running";
    return result;
  }
  try {
    const wanted = options.names ? new Set(options.names) : undefined;
    // `crash submit` names the reports the user asks to send; any other
    // flush leaves out what was queued before the user opted out.
    let queued = outboxNames(paths);
    if (wanted === undefined) {
      result.withdrawn = withdrawQueuedBeforeOptOut(paths, queued);
      const withdrawn = new Set(result.withdrawn);
      queued = queued.filter((name) => !withdrawn.has(name));
    }
    const queue = queued
      .filter((name) => wanted === undefined || wanted.has(name))
      .slice(0, options.maxReports ?? 10);
    for (const name of queue) {
      // The user may opt out while a send runs (ten reports on a slow
      // network take minutes): each report is looked at again just before
      // it goes, the decision and, unasked, when it was queued.
      const stopped = heldBack();
      if (stopped !== undefined) {
        result.skipped = stopped;
        break;
      }
      if (wanted === undefined && withdrawQueuedBeforeOptOut(paths, [name]).length > 0) {
        result.withdrawn.push(name);
        continue;
      }
      const outcome = await sendOne(name);
      if (outcome === "stop") break;
    }
  } finally {
    rmSync(paths.flushLockFile, { force: true });
  }
  return result;

  /** What this project's reports were scrubbed under: read once a flush, on its first report. */
  function scrubContext(): RedactionContext {
    projectContext ??= withOriginRepo(
      config.redaction,
      readGitOriginUrl(options.cwd ?? process.cwd()),
    );
    return projectContext;
  }

  /** Why a stored report may not leave as it is, or undefined. */
  function refusal(name: string, report: Report): string | undefined {
    if (report.app !== config.app) return "a report of another app";
    if (reportFileName(report) !== name) return "its file name does not match its contents";
    if (Date.parse(report.captured_at) > now() + CLOCK_SKEW_MS) {
      return "its capture time is in the future";
    }
    if (!scrubberForCommands().reportIsClean(report, scrubContext())) {
      // An edit, or a report queued under older rules that the current ones
      // scrub further: either way it does not leave as it is.
      return SCRUBBED_FURTHER;
    }
    written ??= writtenReports(paths.writtenReportsFile);
    if (!written.has(report.report_id)) return notWrittenHere(paths.writtenReportsFile);
    return undefined;
  }

  async function sendOne(name: string): Promise<"next" | "stop"> {
    let body: string;
    let reportId: string;
    try {
      const file = join(paths.outboxDir, name);
      // What leaves is a file this client wrote there, not one a link points at.
      if (!lstatSync(file).isFile()) {
        reject(name, "not a report file crashfix wrote (a link or a folder)");
        return "next";
      }
      const report = readReportFile(file);
      const refused = refusal(name, report);
      if (refused !== undefined) {
        reject(name, refused);
        return "next";
      }
      body = serializeReport(report);
      reportId = report.report_id;
    } catch (error) {
      // Gone since it was listed: `telemetry off` emptied the outbox.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return "next";
      // A scrubber that cannot load, or a list of reports written that
      // cannot be read, leaves every report queued: they are not corrupt.
      if (
        error instanceof CrashfixError &&
        (error.code === "SCRUBBER_UNAVAILABLE" || error.code === "WRITTEN_LIST_UNREADABLE")
      ) {
        result.skipped = error.message;
        return "stop";
      }
      reject(name, `corrupt on this machine: ${(error as Error).message}`);
      return "next";
    }
    let response: Response;
    try {
      response = await fetchImpl(`${config.endpoint}/v1/crash`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "idempotency-key": reportId,
          "user-agent": `crashfix (${config.app})`,
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      fail(name, networkReason(error));
      return "stop";
    }
    const text = await response.text().catch(() => "");
    if (response.ok) {
      moveFromOutbox(paths, name, paths.sentDir, CAPS.sent);
      result.sent.push(name);
      writeFlushState(paths.flushStateFile, { failures: 0, nextAttemptAt: 0 });
      return "next";
    }
    if (response.status === 400 || response.status === 413 || response.status === 422) {
      reject(name, `HTTP ${response.status}${text ? `: ${excerpt(text)}` : ""}`);
      return "next";
    }
    if (response.status === 429) {
      const wait = retryAfterMs(response.headers.get("retry-after"), now()) ?? backoffMs(1);
      result.failed.push({ name, reason: "HTTP 429 (rate limited)" });
      writeFlushState(paths.flushStateFile, {
        failures: state.failures,
        nextAttemptAt: now() + wait,
      });
      return "stop";
    }
    fail(name, `HTTP ${response.status}`);
    return "stop";
  }

  function fail(name: string, reason: string): void {
    result.failed.push({ name, reason });
    const failures = state.failures + 1;
    writeFlushState(paths.flushStateFile, {
      failures,
      nextAttemptAt: now() + backoffMs(failures),
    });
  }

  function reject(name: string, reason: string): void {
    try {
      moveFromOutbox(paths, name, paths.rejectedDir, CAPS.rejected);
      writeFileAtomic(join(paths.rejectedDir, reasonFileName(name)), `${reason}\n`);
    } catch {
      // if even the move fails, the report stays queued for the next run
    }
    result.rejected.push({ name, reason });
  }
}
