import { utcSeconds } from "../../redact/utc-seconds.js";
import { fs, path } from "../node-builtins.js";

const { appendFileSync, mkdirSync, renameSync, statSync } = fs;
const { dirname } = path;

const MAX_LOG_BYTES = 64 * 1024;

/**
 * Notes a failed capture locally. Only a timestamp and an error code go in:
 * the raw error that failed to scrub is exactly what must not be written.
 */
export function logCaptureFailure(logFile: string, code: string, now: Date): void {
  try {
    mkdirSync(dirname(logFile), { recursive: true, mode: 0o700 });
    try {
      if (statSync(logFile).size > MAX_LOG_BYTES) renameSync(logFile, `${logFile}.1`);
    } catch {
      // no log yet
    }
    const safeCode = /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : "UNKNOWN";
    appendFileSync(
      logFile,
      `${utcSeconds(now)} capture failed (${safeCode}); nothing was written or sent\n`,
      { mode: 0o600 },
    );
  } catch {
    // Even the log failed (read-only disk): stay silent rather than break the host.
  }
}
