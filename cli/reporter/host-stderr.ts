import { consoleLikeOutput } from "../commands/console-like-output.js";
import { fs } from "../node-builtins.js";

// process.stderr is a stream Node builds on first use, and for a pipe (how
// scripts, CI and test runners run a host) building it loads net and the
// stream modules: a few milliseconds a crash would pay only to print its
// notice. So the notice goes to fd 2 with one synchronous write. Node writes
// files and terminals synchronously on POSIX; a pipe takes what fits at once
// and the stream queues only the rest (Node's "A note on process I/O"), so a
// direct write can overtake a host's output only when a full pipe is already
// holding it back.
//
// The stream is used only where the direct write cannot do the job: Windows
// writes a console asynchronously, and a pipe another process (or Node's own
// process.stdout, on a `2>&1` pipe) made non-blocking answers EAGAIN when
// full, or takes part of the text. Any other failure (EPIPE from a reader
// that has gone, ENOSPC from a full disk, EBADF) would fail the stream too,
// which then reports it as an 'error' event: unhandled, that crashes the
// host, and a later write of the host's own would no longer fail as it does
// without crashfix. So the text is dropped, and the caller told.
const direct = process.platform !== "win32";

/** Through process.stderr, with its errors ours to ignore (console-like-output.ts). */
function throughStream(text: string | Uint8Array): boolean {
  return consoleLikeOutput(process.stderr).write(text);
}

/**
 * The host's stderr, written without building process.stderr where that is
 * safe. `write` returns false when the text could not be written; it never
 * throws and leaves no 'error' event behind.
 */
export const hostStderr = {
  write(text: string): boolean {
    if (!direct) return throughStream(text);
    try {
      const written = fs.writeSync(2, text);
      if (written === Buffer.byteLength(text)) return true;
      return throughStream(Buffer.from(text).subarray(written));
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "EAGAIN" && throughStream(text);
    }
  },
};
