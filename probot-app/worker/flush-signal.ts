import { AsyncLocalStorage } from "node:async_hooks";
import type { Octokit } from "@octokit/core";

// The AbortSignal of the flush in progress, for every GitHub request made
// within it (including the ones the throttling plugin queues, which run
// later from Bottleneck's timers): a flush that is given up sends nothing
// more to GitHub, wherever its requests were waiting. Carried by the async
// context rather than threaded through each call, so no request of a flush
// can be made without it.
const current = new AsyncLocalStorage<AbortSignal>();

/** A signal that never aborts: for a flush nothing stops but its own end. */
export const NEVER: AbortSignal = new AbortController().signal;

// Runs `flush` with `signal` and settles when it does, or as soon as the
// signal aborts (with the signal's reason); an abandoned flush's requests
// then fail with an AbortError without reaching GitHub.
export function runAbortable<T>(signal: AbortSignal, flush: () => Promise<T>): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  const running = current.run(signal, flush);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    running.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

// Runs `flush` with `signal` for its GitHub requests and settles when
// `flush` does: once the signal aborts, the requests it makes or retries
// fail at once, so it ends soon, having finished what it writes locally.
export function runWithSignal<T>(signal: AbortSignal, flush: () => Promise<T>): Promise<T> {
  return current.run(signal, flush);
}

// Octokit plugin: registered after the throttling plugin, so it runs first,
// in the caller's context, and the signal travels with the request's
// options to fetch. @octokit/request passes `request.signal` to fetch.
export function flushSignal(octokit: Octokit): void {
  octokit.hook.before("request", (options) => {
    const signal = current.getStore();
    if (signal) options.request = { ...options.request, signal };
  });
}
