import { Router } from "../http/router.js";
import type { RateLimiter } from "../limits/rate-limiter.js";
import type { AdminControls } from "./admin.js";
import { registerAdminRoutes } from "./admin.js";
import { registerAppRoutes } from "./app.js";
import { registerCommentRoutes } from "./comments.js";
import type { RouteDeps } from "./deps.js";
import { registerGitRefRoutes } from "./git-refs.js";
import { registerGraphqlRoutes } from "./graphql.js";
import { registerIssueRoutes } from "./issues.js";
import { registerLabelRoutes } from "./labels.js";
import { registerMetaRoutes } from "./meta.js";
import { registerPullRoutes } from "./pulls.js";
import { registerRepoRoutes } from "./repos.js";
import { registerSearchRoutes } from "./search.js";

/**
 * Every REST route. Order matters where literals and parameters overlap:
 * `/issues/comments…` is registered before `/issues/{issue_number}…`.
 */
export function createRouter(
  deps: RouteDeps,
  limiter: RateLimiter,
  controls: AdminControls,
): Router {
  const router = new Router();
  registerMetaRoutes(router, deps, limiter);
  registerAppRoutes(router, deps);
  registerRepoRoutes(router, deps);
  registerCommentRoutes(router, deps);
  registerLabelRoutes(router, deps);
  registerIssueRoutes(router, deps);
  registerPullRoutes(router, deps);
  registerGitRefRoutes(router, deps);
  registerSearchRoutes(router, deps, limiter);
  registerGraphqlRoutes(router, deps);
  registerAdminRoutes(router, deps, controls);
  return router;
}
