/**
 * The rejections Node reported unhandled to a host that listens for them,
 * held until the process ends. One the host handles later (a `.catch`
 * added after the fact: Node's `rejectionHandled`) was no crash, and is
 * dropped. One whose handling ends the run (the host's listener calls
 * process.exit or sets process.exitCode) is the reason for that exit, so
 * the exit is no incident of its own.
 */
export type PendingRejection = { reason: unknown; endedRun: boolean };

export type PendingRejections = {
  /** From crashfix's unhandledRejection listener, which runs before the host's. */
  add(reason: unknown, promise: Promise<unknown>): void;
  /**
   * At exit: those still unhandled, oldest first, at most MAX_AT_EXIT and
   * the one that ended the run. Stops listening.
   */
  takeAtExit(): PendingRejection[];
  /** Forgets them all and stops listening (uninstall). */
  clear(): void;
};

// Node prints this warning when nobody listens for rejectionHandled; a
// listener of ours would silence it, so it is printed again in Node's
// words (without Node's internal rejection id, which no listener is told).
const HANDLED_LATE = "Promise rejection was handled asynchronously";

/** Each capture costs the exiting process milliseconds; a host that logs a stream of rejections should not wait on them all. */
const MAX_AT_EXIT = 10;

export function pendingRejections(): PendingRejections {
  const pending = new Map<Promise<unknown>, PendingRejection>();
  /** The rejection whose listeners are running now, and the exit code before them. */
  let dispatch:
    | { entry: PendingRejection; promise: Promise<unknown>; exitCodeBefore: unknown }
    | undefined;

  const settle = (exiting: boolean): void => {
    if (dispatch !== undefined && (exiting || process.exitCode !== dispatch.exitCodeBefore)) {
      dispatch.entry.endedRun = true;
      // Held even past the cap: it is the reason for the exit.
      pending.set(dispatch.promise, dispatch.entry);
    }
    dispatch = undefined;
  };

  const onHandledLate = (promise: Promise<unknown>): void => {
    const hostListens = process.listeners("rejectionHandled").some((l) => l !== onHandledLate);
    pending.delete(promise);
    if (pending.size === 0) process.off("rejectionHandled", onHandledLate);
    if (!hostListens) process.emitWarning(HANDLED_LATE, "PromiseRejectionHandledWarning");
  };

  const clear = (): void => {
    dispatch = undefined;
    pending.clear();
    process.off("rejectionHandled", onHandledLate);
  };

  return {
    add(reason, promise) {
      settle(false);
      const entry: PendingRejection = { reason, endedRun: false };
      // A host that logs a stream of rejections and goes on holds at most
      // MAX_AT_EXIT of them here, not every one until it ends.
      if (pending.size < MAX_AT_EXIT) pending.set(promise, entry);
      if (!process.listeners("rejectionHandled").includes(onHandledLate)) {
        process.on("rejectionHandled", onHandledLate);
      }
      dispatch = { entry, promise, exitCodeBefore: process.exitCode };
      // The host's listeners run synchronously after this one; what they
      // did to the exit code is known on the next tick.
      process.nextTick(() => {
        if (dispatch?.entry === entry) settle(false);
      });
    },
    takeAtExit() {
      settle(true);
      const left = [...pending.values()];
      clear();
      return left;
    },
    clear,
  };
}
