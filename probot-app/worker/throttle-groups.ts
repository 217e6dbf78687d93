import type Bottleneck from "bottleneck";
import { limiterGroup } from "./limiter-group.js";

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

// The plugin's request limiters (its own defaults, but with our pacing):
// every request through `global`, writes through `write` too, issue and
// comment creation through `notifications` too. Groups of our own rather
// than the plugin's module-wide ones, so two ingests in one process (tests)
// or a cluster connection per instance never share a group by accident.
// The plugin runs an empty task in the search, write and notifications
// groups (a gate a request passes before it runs in `global`), so a job
// there holds its slot for milliseconds. With clustering the plugin gives
// every job 60 s to release its slot before Redis takes it back
// (https://github.com/octokit/plugin-throttling.js/blob/main/src/wrap-request.ts);
// a release lost with its connection (a Redis crash, an instance killed)
// would keep every instance from writing for that minute, so gates get this.
const GATE_EXPIRATION_MS = 10_000;

export function throttleGroups(pacing: PacingOptions, cluster: ThrottleCluster | undefined) {
  // Clustered limiter state expires from Redis after two idle minutes (a
  // limiter then sets it up again). Redis keeps the settings of whoever
  // created a limiter first, so the settings are part of its id: instances
  // configured alike share a limiter, and a changed interval takes effect
  // at once.
  const common = cluster ? { connection: cluster.connection, timeout: 120_000 } : {};
  const group = (name: string, options: Bottleneck.ConstructorOptions, gate = false) =>
    limiterGroup(
      {
        ...options,
        ...common,
        id: `${cluster?.id ?? "crashfix"}-${name}-${options.maxConcurrent}-${options.minTime ?? 0}`,
      },
      cluster && gate ? { gateExpirationMs: GATE_EXPIRATION_MS } : {},
    );
  return {
    global: group("global", { maxConcurrent: 10 }),
    auth: group("auth", { maxConcurrent: 1 }),
    search: group("search", { maxConcurrent: 1, minTime: 2_000 }, true),
    write: group("write", { maxConcurrent: 1, minTime: pacing.writeIntervalMs }, true),
    notifications: group(
      "notifications",
      { maxConcurrent: 1, minTime: pacing.createIntervalMs },
      true,
    ),
  };
}
