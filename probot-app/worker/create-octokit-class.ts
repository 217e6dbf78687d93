import Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";
import type { Metrics } from "../server/metrics.js";
import { etagCache } from "./etag-cache.js";
import { flushSignal } from "./flush-signal.js";
import { type PacingOptions, type ThrottleCluster, throttleGroups } from "./throttle-groups.js";

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
  // budget claims of docs/DESIGN.md section 5 can be checked on /v1/crash/stats.
  const countingFetch = async (input: string | URL | Request, init?: RequestInit) => {
    // A request of an abandoned flush never leaves.
    init?.signal?.throwIfAborted();
    const method = (init?.method ?? "GET").toUpperCase();
    metrics.count("github_requests");
    if (method !== "GET" && method !== "HEAD") metrics.count("github_writes");
    const response = await fetch(input, init);
    if (response.status === 304) metrics.count("github_not_modified");
    return response;
  };
  const WithCache = ProbotOctokit.plugin(etagCache, flushSignal);
  return WithCache.defaults((options: Record<string, unknown>) => ({
    ...options,
    auth: authOnSameGitHub(options.auth, options.baseUrl, countingFetch),
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

type AuthRequest = { defaults(options: { baseUrl?: string; request: object }): AuthRequest };

// Probot gives the App's auth strategy a `request` of its own, made without
// the Octokit's base URL (getProbotOctokitWithDefaults). Requests through
// the Octokit get their token with the right one, but a token asked for
// directly, octokit.auth({ type: "installation", refresh: true })
// (token-renewal.ts), would be asked of api.github.com, with the App's JWT,
// whatever GitHub the ingest files to. A like report against the library:
// https://github.com/octokit/auth-app.js/issues/640
function authOnSameGitHub(
  auth: unknown,
  baseUrl: unknown,
  fetch: typeof globalThis.fetch,
): unknown {
  const request = (auth as { request?: AuthRequest } | null | undefined)?.request;
  if (request === undefined) return auth;
  const onto = typeof baseUrl === "string" ? { baseUrl } : {};
  return { ...(auth as object), request: request.defaults({ ...onto, request: { fetch } }) };
}
