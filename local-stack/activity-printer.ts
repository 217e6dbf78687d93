import type { Report } from "../redact/index.js";
import { plural } from "../triage/index.js";
import {
  type Activity,
  type ActivityMemory,
  describeGitHubEvent,
  describeReport,
} from "./describe-activity.js";

export type PrinterOptions = {
  write: (text: string) => void;
  /** Reports accepted but not yet on GitHub (the flush worker's queue). */
  pending: () => number;
  now?: () => Date;
  /** Report lines printed in one second before the rest are summed up. */
  burst?: number;
  /** How long nothing may be printed while reports wait before a progress line. */
  progressAfterMs?: number;
};

// Report text reaches a terminal: no control character may pass (escape
// sequences could rewrite the screen). Schema fields cannot hold them; this
// holds whatever the payloads say.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we replace
const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");

const clock = (date: Date): string => date.toTimeString().slice(0, 8);

/**
 * Prints the stack's activity, one line each, with the time. A crash storm
 * prints the first few reports of each second and one line for the rest; a
 * wait with reports still unfiled prints a progress line now and then.
 */
export class ActivityPrinter {
  readonly #options: Required<PrinterOptions>;
  readonly #memory: ActivityMemory = new Map();
  #windowStart = 0;
  #inWindow = 0;
  #held: { count: number; fingerprints: Set<string> } = { count: 0, fingerprints: new Set() };
  #holdTimer: NodeJS.Timeout | undefined;
  #progressTimer: NodeJS.Timeout | undefined;
  #lastLine = 0;

  constructor(options: PrinterOptions) {
    this.#options = { now: () => new Date(), burst: 5, progressAfterMs: 10_000, ...options };
  }

  start(): void {
    this.#lastLine = this.#options.now().getTime();
    this.#progressTimer = setInterval(() => this.#progress(), 1_000);
    this.#progressTimer.unref();
  }

  stop(): void {
    clearInterval(this.#progressTimer);
    this.#flushHeld();
  }

  report(report: Report): void {
    const now = this.#options.now().getTime();
    if (now - this.#windowStart >= 1_000) {
      this.#flushHeld();
      this.#windowStart = now;
      this.#inWindow = 0;
    }
    if (this.#inWindow < this.#options.burst) {
      this.#inWindow += 1;
      this.#print(describeReport(report));
      return;
    }
    this.#held.count += 1;
    this.#held.fingerprints.add(report.fingerprint);
    this.#holdTimer ??= setTimeout(() => this.#flushHeld(), 1_000);
  }

  github(name: string, payload: unknown): void {
    const activity = describeGitHubEvent(name, payload, this.#memory);
    if (activity) this.#print(activity);
  }

  #flushHeld(): void {
    clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
    const { count, fingerprints } = this.#held;
    if (count === 0) return;
    this.#held = { count: 0, fingerprints: new Set() };
    this.#print({
      what: "report accepted",
      detail: `and ${plural(count, "more report")} (${plural(fingerprints.size, "crash", "crashes")})`,
    });
  }

  #progress(): void {
    const now = this.#options.now().getTime();
    const pending = this.#options.pending();
    if (pending === 0 || now - this.#lastLine < this.#options.progressAfterMs) return;
    this.#print({
      what: "waiting",
      detail: `${plural(pending, "report")} spooled, not yet on GitHub (writes are paced within GitHub's limits)`,
    });
  }

  #print(activity: Activity): void {
    const now = this.#options.now();
    this.#lastLine = now.getTime();
    const url = activity.url ? `  ${activity.url}` : "";
    this.#options.write(
      `${clock(now)}  ${activity.what.padEnd(15)}  ${printable(activity.detail)}${printable(url)}\n`,
    );
  }
}
