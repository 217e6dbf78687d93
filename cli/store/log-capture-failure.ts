import { appendLogLine } from "./append-log-line.js";
import { captureFailureMessage } from "./capture-log-line.js";

/**
 * Notes a failed capture locally. Only a timestamp and an error code go in:
 * the raw error that failed to scrub is exactly what must not be written.
 */
export function logCaptureFailure(logFile: string, code: string, now: Date): void {
  appendLogLine(logFile, captureFailureMessage(code), now);
}
