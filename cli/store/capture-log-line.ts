import { utcSeconds } from "../../redact/utc-seconds.js";

// The format of `.<app>/crash/capture.log`, one line per failed capture:
// a timestamp and an error code, nothing else. log-capture-failure.ts
// writes it; `crash list` reads it back (read-capture-failures.ts).

/** Past this size the log is moved to capture.log.1 before the next line. */
export const CAPTURE_LOG_MAX_BYTES = 64 * 1024;

const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const LINE =
  /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) capture failed \(([A-Z][A-Z0-9_]{0,63})\); nothing was written or sent$/;

/** The line for a capture that failed at `now` with `code`; a code of another shape is logged as UNKNOWN. */
export function captureLogLine(now: Date, code: string): string {
  const safeCode = CODE.test(code) ? code : "UNKNOWN";
  return `${utcSeconds(now)} capture failed (${safeCode}); nothing was written or sent\n`;
}

export type LoggedCaptureFailure = { at: string; code: string };

/** One line of the log read back; undefined for anything this module did not write. */
export function parseCaptureLogLine(line: string): LoggedCaptureFailure | undefined {
  const match = LINE.exec(line);
  if (match === null) return undefined;
  return { at: match[1] as string, code: match[2] as string };
}
