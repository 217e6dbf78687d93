import Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";
import type { Metrics } from "../server/metrics.js";
import { etagCache } from "./etag-cache.js";

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
function throttleGroups(pacing: PacingOptions, cluster: ThrottleCluster | undefined) {
  // Clustered limiter state expires from Redis after two idle minutes.
  // Redis keeps the settings of whoever created a limiter first, so the
  // settings are part of its id: instances configured alike share a
  // limiter, and a changed interval takes effect at once.
  const common = cluster ? { connection: cluster.connection, timeout: 120_000 } : {};
  const group = (name: string, options: Bottleneck.ConstructorOptions) =>
    new Bottleneck.Group({
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

// Probot's default Octokit only logs secondary rate limits; the ingest must
// retry them, since a report stays spooled until GitHub has its count.
// With `cluster`, every instance's requests share one pacing in Redis, so N
// instances write at the pace of one.
// https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#pause-between-mutative-requests
// https://github.com/octokit/plugin-throttling.js#usage
export function createOctokitClass(
  pacing: PacingOptions,
  metrics: Metrics,
  cluster?: ThrottleCluster,
): typeof ProbotOctokit {
  const groups = throttleGroups(pacing, cluster);
  // Counts every request that reaches GitHub, retries included, so the
  // budget claims of DESIGN.md section 5 can be checked on /v1/crash/stats.
  const countingFetch = async (input: string | URL | Request, init?: RequestInit) => {
    const method = (init?.method ?? "GET").toUpperCase();
    metrics.count("github_requests");
    if (method !== "GET" && method !== "HEAD") metrics.count("github_writes");
    const response = await fetch(input, init);
    if (response.status === 304) metrics.count("github_not_modified");
    return response;
  };
  const WithCache = ProbotOctokit.plugin(etagCache);
  return WithCache.defaults((options: Record<string, unknown>) => ({
    ...options,
    request: { ...(options.request as object | undefined), fetch: countingFetch },
    throttle: {
      ...(options.throttle as object | undefined),
      enabled: true,
      ...groups,
      ...(cluster ? { connection: cluster.connection, id: cluster.id, Bottleneck } : {}),
      retryAfterBaseValue: pacing.retryAfterBaseMs,
      onSecondaryRateLimit: (
        _retryAfter: number,
        _options: unknown,
        _o: unknown,
        count: number,
      ) => {
        metrics.count("github_secondary_limited");
        return count < 8;
      },
      onRateLimit: (_retryAfter: number, _options: unknown, _o: unknown, count: number) => {
        metrics.count("github_rate_limited");
        return count < 3;
      },
    },
    retry: { retries: 5, retryAfterBaseValue: Math.max(1, pacing.retryAfterBaseMs / 10) },
  })) as unknown as typeof ProbotOctokit;
}
