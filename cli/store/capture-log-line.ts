// The lines of `.<app>/crash/capture.log` that record a failed capture: a
// timestamp and an error code, nothing else. log-capture-failure.ts writes
// them (through append-log-line.ts, which writes the timestamp); `crash list`
// reads them back (read-capture-failures.ts). Other lines in the log say why
// a background send did not start.

const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
/** utcSeconds' form, which append-log-line.ts puts before each line, and a space. */
const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ $/;
const STAMP_LENGTH = "2026-01-01T00:00:00Z ".length;
const BEFORE_CODE = "capture failed (";
const AFTER_CODE = "); nothing was written or sent";

/** What the log says of a capture that failed with `code`; a code of another shape is logged as UNKNOWN. */
export function captureFailureMessage(code: string): string {
  return `${BEFORE_CODE}${CODE.test(code) ? code : "UNKNOWN"}${AFTER_CODE}`;
}

export type LoggedCaptureFailure = { at: string; code: string };

/** One line of the log read back; undefined for any line that is not a failed capture's. */
export function parseCaptureLogLine(line: string): LoggedCaptureFailure | undefined {
  const stamp = line.slice(0, STAMP_LENGTH);
  const message = line.slice(STAMP_LENGTH);
  if (!STAMP.test(stamp) || !message.startsWith(BEFORE_CODE) || !message.endsWith(AFTER_CODE)) {
    return undefined;
  }
  const code = message.slice(BEFORE_CODE.length, -AFTER_CODE.length);
  return CODE.test(code) ? { at: stamp.trimEnd(), code } : undefined;
}
