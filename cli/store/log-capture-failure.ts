import { fs, path } from "../node-builtins.js";
import { CAPTURE_LOG_MAX_BYTES, captureLogLine } from "./capture-log-line.js";

const { appendFileSync, mkdirSync, renameSync, statSync } = fs;
const { dirname } = path;

/**
 * Notes a failed capture locally. Only a timestamp and an error code go in:
 * the raw error that failed to scrub is exactly what must not be written.
 */
export function logCaptureFailure(logFile: string, code: string, now: Date): void {
  try {
    mkdirSync(dirname(logFile), { recursive: true, mode: 0o700 });
    try {
      if (statSync(logFile).size > CAPTURE_LOG_MAX_BYTES) renameSync(logFile, `${logFile}.1`);
    } catch {
      // no log yet
    }
    appendFileSync(logFile, captureLogLine(now, code), { mode: 0o600 });
  } catch {
    // Even the log failed (read-only disk): stay silent rather than break the host.
  }
}
