import { utcSeconds } from "../../redact/utc-seconds.js";
import { fs, path } from "../node-builtins.js";
import { makeFolder } from "./make-folder.js";

const { appendFileSync, renameSync, statSync } = fs;
const { dirname } = path;

/** Past this size the log is moved to `capture.log.1` before the next line. */
export const LOG_MAX_BYTES = 64 * 1024;

/**
 * Adds one timestamped line to the app's local log (`capture.log`), which
 * says why crashfix did less than it should; the log is never sent. Past
 * 64 KiB the log moves to `capture.log.1`, so a fault that repeats at every
 * start cannot fill the disk.
 */
export function appendLogLine(logFile: string, line: string, now: Date): void {
  try {
    makeFolder(dirname(logFile));
    try {
      if (statSync(logFile).size > LOG_MAX_BYTES) renameSync(logFile, `${logFile}.1`);
    } catch {
      // no log yet
    }
    appendFileSync(logFile, `${utcSeconds(now)} ${line}\n`, { mode: 0o600 });
  } catch {
    // Even the log failed (read-only disk): stay silent rather than break the host.
  }
}
