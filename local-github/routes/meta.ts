import type { Router } from "../http/router.js";
import type { RateLimiter } from "../limits/rate-limiter.js";
import type { RouteDeps } from "./deps.js";

export function registerMetaRoutes(router: Router, deps: RouteDeps, limiter: RateLimiter): void {
  // The API root, as GHES answers at /api/v3.
  router.add("GET", "/", () => ({
    status: 200,
    body: {
      current_user_url: `${deps.urls.api}/user`,
      repository_url: `${deps.urls.api}/repos/{owner}/{repo}`,
      issues_url: `${deps.urls.api}/repos/{owner}/{repo}/issues`,
      rate_limit_url: `${deps.urls.api}/rate_limit`,
    },
  }));

  // https://docs.github.com/rest/rate-limit/rate-limit: the caller's budget as it stands.
  router.add("GET", "/rate_limit", ({ principal }) => {
    const core = {
      ...limiter.peek(principal.bucket, principal.kind === "anonymous"),
      resource: "core",
    };
    const reset = core.reset;
    return {
      status: 200,
      body: {
        resources: {
          core,
          search: { limit: 30, remaining: 30, reset, used: 0, resource: "search" },
        },
        rate: core,
      },
    };
  });
}
