// The lines of `.<app>/crash/capture.log` that record a failed capture: a
// timestamp and an error code, nothing else. log-capture-failure.ts writes
// them (through append-log-line.ts, which writes the timestamp); `crash list`
// reads them back (read-capture-failures.ts). Other lines in the log say why
// a background send did not start.

const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const LINE =
  /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) capture failed \(([A-Z][A-Z0-9_]{0,63})\); nothing was written or sent$/;

/** What the log says of a capture that failed with `code`; a code of another shape is logged as UNKNOWN. */
export function captureFailureMessage(code: string): string {
  return `capture failed (${CODE.test(code) ? code : "UNKNOWN"}); nothing was written or sent`;
}

export type LoggedCaptureFailure = { at: string; code: string };

/** One line of the log read back; undefined for any line that is not a failed capture's. */
export function parseCaptureLogLine(line: string): LoggedCaptureFailure | undefined {
  const match = LINE.exec(line);
  if (match === null) return undefined;
  return { at: match[1] as string, code: match[2] as string };
}
