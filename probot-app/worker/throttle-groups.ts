import Bottleneck from "bottleneck";

export type PacingOptions = {
  // Minimum spacing of writes (GitHub asks for about a second between
  // mutating requests) and of requests that notify (issue and comment
  // creation, limited more tightly); the base unit of Retry-After.
  writeIntervalMs: number;
  createIntervalMs: number;
  retryAfterBaseMs: number;
};

// Sharing the pacing between instances: Bottleneck's clustering over
// Redis, which the throttling plugin supports
// (https://github.com/octokit/plugin-throttling.js#clustering).
export type ThrottleCluster = { connection: Bottleneck.IORedisConnection; id: string };

// What the throttling plugin asks of a limiter group: the limiter of a key
// (it asks for one key, the plugin's `id`, on every request).
export type LimiterGroup = { key(key?: string): Bottleneck };

// Limiters by key, like Bottleneck.Group, but a clustered limiter whose
// setup in Redis failed (Redis unreachable when it was made) is made
// again on the next request. Bottleneck keeps the rejected setup for the
// limiter's life, so a Group would fail every request of its key with the
// outage's error long after Redis is back (the limiter is never replaced:
// its idle check waits on the same setup). The broken limiter is dropped,
// not disconnected: disconnecting would unsubscribe the channel its
// replacement shares.
export function limiterGroup(
  options: Bottleneck.ConstructorOptions & { id: string },
): LimiterGroup {
  const limiters = new Map<string, Bottleneck>();
  return {
    key(key = "") {
      const known = limiters.get(key);
      if (known) return known;
      const limiter = new Bottleneck({ ...options, id: `${options.id}-${key}` });
      limiters.set(key, limiter);
      limiter.ready().catch(() => {
        if (limiters.get(key) === limiter) limiters.delete(key);
      });
      return limiter;
    },
  };
}

// The plugin's request limiters (its own defaults, but with our pacing):
// every request through `global`, writes through `write` too, issue and
// comment creation through `notifications` too. Groups of our own rather
// than the plugin's module-wide ones, so two ingests in one process (tests)
// or a cluster connection per instance never share a group by accident.
export function throttleGroups(pacing: PacingOptions, cluster: ThrottleCluster | undefined) {
  // Clustered limiter state expires from Redis after two idle minutes (a
  // limiter then sets it up again). Redis keeps the settings of whoever
  // created a limiter first, so the settings are part of its id: instances
  // configured alike share a limiter, and a changed interval takes effect
  // at once.
  const common = cluster ? { connection: cluster.connection, timeout: 120_000 } : {};
  const group = (name: string, options: Bottleneck.ConstructorOptions) =>
    limiterGroup({
      ...options,
      ...common,
      id: `${cluster?.id ?? "crashfix"}-${name}-${options.maxConcurrent}-${options.minTime ?? 0}`,
    });
  return {
    global: group("global", { maxConcurrent: 10 }),
    auth: group("auth", { maxConcurrent: 1 }),
    search: group("search", { maxConcurrent: 1, minTime: 2_000 }),
    write: group("write", { maxConcurrent: 1, minTime: pacing.writeIntervalMs }),
    notifications: group("notifications", { maxConcurrent: 1, minTime: pacing.createIntervalMs }),
  };
}
