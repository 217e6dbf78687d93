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

// Probot's default Octokit only logs secondary rate limits; the ingest must
// retry them, since a report stays spooled until GitHub has its count.
// https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#pause-between-mutative-requests
// https://github.com/octokit/plugin-throttling.js#usage
export function createOctokitClass(pacing: PacingOptions, metrics: Metrics): typeof ProbotOctokit {
  // Groups of our own, so every ingest instance paces itself (the plugin's
  // defaults are module-wide and fixed at one and three seconds).
  const write = new Bottleneck.Group({ maxConcurrent: 1, minTime: pacing.writeIntervalMs });
  const notifications = new Bottleneck.Group({
    maxConcurrent: 1,
    minTime: pacing.createIntervalMs,
  });
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
      write,
      notifications,
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
