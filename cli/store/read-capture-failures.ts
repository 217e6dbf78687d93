import { fs } from "../node-builtins.js";
import { LOG_MAX_BYTES } from "./append-log-line.js";
import { parseCaptureLogLine } from "./capture-log-line.js";

export type CaptureFailures = {
  /** Failed captures the log records (its older lines are in capture.log.1, not counted). */
  count: number;
  latestAt: string;
  latestCode: string;
};

/**
 * The most of the log read: it is moved aside once past
 * LOG_MAX_BYTES, so this is all of it but a file grown by hand.
 */
const READ_LIMIT = LOG_MAX_BYTES + 4 * 1024;

/** The last `limit` bytes of `file`, from the first whole line in them. */
function readTail(file: string, limit: number): string {
  const fd = fs.openSync(file, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const start = Math.max(0, size - limit);
    const buffer = Buffer.alloc(Math.min(size, limit));
    let filled = 0;
    while (filled < buffer.length) {
      const read = fs.readSync(fd, buffer, filled, buffer.length - filled, start + filled);
      if (read === 0) break;
      filled += read;
    }
    const text = buffer.toString("utf8", 0, filled);
    return start === 0 ? text : text.slice(text.indexOf("\n") + 1);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * What the capture log records: how many captures failed, and the latest
 * one's time and code. Undefined when it records none or cannot be read;
 * lines of any other shape are skipped.
 */
export function readCaptureFailures(logFile: string): CaptureFailures | undefined {
  let text: string;
  try {
    text = readTail(logFile, READ_LIMIT);
  } catch {
    return undefined;
  }
  let found: CaptureFailures | undefined;
  for (const line of text.split("\n")) {
    const failure = parseCaptureLogLine(line);
    if (failure === undefined) continue;
    const count = (found?.count ?? 0) + 1;
    // Timestamps of one format compare as strings; a clock set back does not make an older line the latest.
    found =
      found === undefined || failure.at >= found.latestAt
        ? { count, latestAt: failure.at, latestCode: failure.code }
        : { ...found, count };
  }
  return found;
}
