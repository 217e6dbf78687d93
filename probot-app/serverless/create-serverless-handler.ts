import type { IncomingMessage, ServerResponse } from "node:http";
import { createNodeMiddleware, Probot } from "probot";
import { ConfigError } from "../config/config-error.js";
import type { CrashfixConfig } from "../config/read-env-config.js";
import { flushOnce } from "../flush/flush-once.js";
import { checkAdmin } from "../ingest/check-admin.js";
import { sendAnswer, sendJson } from "../ingest/send-answer.js";
import { type AppOptions, createCrashfixApp } from "../server/create-crashfix-app.js";
import { probotOptions } from "../server/probot-options.js";
import { createRequestLog, PROBOT_ROUTES } from "../server/request-log.js";
import {
  answerWrongMethod,
  type Method,
  type RouteSpec,
  unknownRouteAnswer,
} from "../server/route-answers.js";

export type ServerlessHandler = {
  // Node's (req, res) signature, which Vercel, Netlify and Google Cloud
  // Functions call for each request (AWS Lambda through a Node-server
  // adapter such as Lambda Web Adapter).
  handler(req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): Promise<void>;
};

export const FLUSH_PATH = "/v1/crash/flush";
// GET too, for cron services that only GET.
const FLUSH_METHODS: readonly Method[] = ["POST", "GET"];

// The ingest as a serverless function: every route of the long-running
// server (POST /v1/crash, the admin routes, GitHub's webhooks) through
// Probot's createNodeMiddleware, with the Redis spool and no flusher of its
// own. A request writes to Redis and returns; nothing needs a disk or a
// timer that outlives it. A scheduler drains the spool by calling
// POST (or GET, for cron services that only GET) /v1/crash/flush with the
// admin token, or `crashfix-server flush --once`.
// Probot's AWS Lambda adapter is not used: it passes on only webhook events,
// not the ingest's own routes.
export async function createServerlessHandler(
  config: CrashfixConfig,
  options: Omit<AppOptions, "flush"> = {},
): Promise<ServerlessHandler> {
  if (!config.redisUrl) {
    throw new ConfigError([
      "a serverless ingest keeps nothing between requests: set CRASHFIX_REDIS_URL for its spool",
    ]);
  }
  const crashfix = await createCrashfixApp(config, { ...options, flush: "scheduled" });
  const probot = new Probot(probotOptions(config, crashfix.Octokit, crashfix.log));
  const middleware = await createNodeMiddleware(crashfix.appFn, { probot });
  // One line per request, as the long-running server logs it: nothing from
  // the request itself (no header, query string or client address).
  const routes: RouteSpec[] = [...crashfix.routes, { path: FLUSH_PATH, methods: FLUSH_METHODS }];
  const logRequest = createRequestLog(crashfix.log, [
    ...routes.map((route) => route.path),
    ...PROBOT_ROUTES,
  ]);
  const notFound = unknownRouteAnswer(routes);

  const flush = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    req.resume();
    if (!FLUSH_METHODS.includes(req.method as Method)) {
      answerWrongMethod(res, FLUSH_METHODS);
      return;
    }
    if (!checkAdmin(req, config.adminToken)) {
      sendAnswer(res, 401, "admin token required", { "www-authenticate": "Bearer" });
      return;
    }
    try {
      sendJson(res, 200, await flushOnce(config, { log: crashfix.log }));
    } catch (error: unknown) {
      crashfix.log.error({ err: error }, "scheduled flush failed; reports stay in Redis");
      sendAnswer(res, 503, "flush failed; reports stay in Redis", { "retry-after": "60" });
    }
  };

  return {
    async handler(req, res) {
      logRequest(req, res);
      const path = (req.url ?? "/").split("?")[0];
      if (path === FLUSH_PATH) return flush(req, res);
      const handled = await middleware(req, res);
      if (!handled && !res.headersSent) notFound(res);
    },
    close: () => crashfix.close(),
  };
}
