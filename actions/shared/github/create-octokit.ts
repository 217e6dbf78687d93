import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";

export type ActionOctokit = ReturnType<typeof getOctokit>;

export interface OctokitOptions {
  token: string;
  baseUrl: string;
  // How many times a rate-limited request is retried before the step fails.
  maxRateLimitRetries?: number;
  log?: (message: string) => void;
}

// Octokit for a step: baseUrl from GITHUB_API_URL (GHES, local GitHub), and the
// throttling and retry plugins so secondary limits on content creation
// (about 80 writes a minute) slow the step down instead of failing it.
// https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api
export function createOctokit(options: OctokitOptions): ActionOctokit {
  const maxRetries = options.maxRateLimitRetries ?? 2;
  const log = options.log ?? (() => {});
  // Both limits wait and retry the same way; the log line says which one hit.
  const retryWhenLimited =
    (limit: string) =>
    (
      retryAfter: number,
      request: { method: string; url: string },
      _octokit: unknown,
      retryCount: number,
    ): boolean => {
      log(
        `${limit} on ${request.method} ${request.url}; retry ${retryCount + 1} in ${retryAfter}s`,
      );
      return retryCount < maxRetries;
    };
  return getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl.replace(/\/$/, ""),
      userAgent: "crashfix-action",
      throttle: {
        onRateLimit: retryWhenLimited("rate limited"),
        onSecondaryRateLimit: retryWhenLimited("secondary limit"),
      },
      retry: { doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451] },
    },
    throttling,
    retry,
  );
}

export function httpStatus(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "status" in error) {
    const status = (error as { status: unknown }).status;
    return typeof status === "number" ? status : undefined;
  }
  return undefined;
}
