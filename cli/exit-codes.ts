/** Exit codes of the `crashfix` command (also returned by runCrashfixCommand). */
export const EXIT_CODES = {
  /** Done. */
  OK: 0,
  /**
   * The operation ran but did not succeed (a report not sent, a capture failed
   * closed), or this copy of crashfix cannot load its scrubber.
   */
  FAILED: 1,
  /** Bad command line: unknown command or flag, missing or malformed value. */
  USAGE: 2,
  /** A configuration problem: --config file, `~/.<app>/config`, or app settings. */
  CONFIG: 3,
  /** No report matches the id (or several do). */
  NOT_FOUND: 4,
  /** A report file exists but is not a valid report. */
  CORRUPT_REPORT: 5,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
