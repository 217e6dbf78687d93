import { writeSync } from "node:fs";

/**
 * Writes to file descriptor 2 directly. The notice after a crash and the
 * first-run disclosure are the only things the client prints in a host, and
 * the first use of `process.stderr` sets up a stream (for a pipe: net, tty
 * and stream modules), a few milliseconds a crashing process does not need
 * to spend. On Linux and macOS `process.stderr` writes synchronously to
 * pipes, files and terminals anyway, so the order of output is unchanged.
 * If the descriptor refuses (EAGAIN on a non-blocking pipe, or no fd 2 at
 * all), the rest goes through `process.stderr` as before.
 */
export function writeStderr(text: string): void {
  let rest = Buffer.from(text, "utf8");
  try {
    while (rest.length > 0) rest = rest.subarray(writeSync(2, rest));
  } catch {
    process.stderr.write(rest);
  }
}

export const stderrWriter = { write: writeStderr };
