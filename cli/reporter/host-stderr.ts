import { fs } from "../node-builtins.js";

// process.stderr is a stream Node builds on first use, and for a pipe (how
// scripts, CI and test runners run a host) building it loads net and the
// stream modules: a few milliseconds a crash would pay only to print its
// notice. So the notice goes to fd 2 with one synchronous write. Node writes
// files and terminals synchronously on POSIX; a pipe takes what fits at once
// and the stream queues only the rest (Node's "A note on process I/O"), so a
// direct write can overtake a host's output only when a full pipe is already
// holding it back. Windows writes a console asynchronously, and a full
// non-blocking pipe answers EAGAIN: both go through the stream.
const direct = process.platform !== "win32";

/** The host's stderr, written without building process.stderr where that is safe. */
export const hostStderr = {
  write(text: string): void {
    if (direct) {
      try {
        fs.writeSync(2, text);
        return;
      } catch {
        // EAGAIN, EBADF and the like: the stream below knows what to do
      }
    }
    process.stderr.write(text);
  },
};
