import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "probot";
import { sendAnswer, sendJson } from "../ingest/send-answer.js";
import { type FlushHealth, healthzView } from "../preflight/watch-triage-repo.js";
import type { ReportSpool } from "../spool/report-spool.js";
import { readSpoolDepth } from "./read-spool-depth.js";
import { answerWrongMethod, type Method, type RouteSpec } from "./route-answers.js";

export type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

const POST: readonly Method[] = ["POST"];
const GET: readonly Method[] = ["GET", "HEAD"];

// One Probot handler for the ingest's routes; answers false for any other
// path so Probot's own handlers (webhooks, ping) still apply. The methods of
// each route are checked here, so a handler only sees the ones it takes.
export function createRouter(
  routes: { crash: Route; stats: Route; promote: Route; forget: Route },
  deps: { spool: ReportSpool; log: Logger; flushHealth?: () => FlushHealth | undefined },
) {
  const table: Record<string, { methods: readonly Method[]; route: Route }> = {
    "/v1/crash": { methods: POST, route: routes.crash },
    "/healthz": {
      methods: GET,
      route: async (_req, res) => {
        const spoolDepth = await readSpoolDepth(deps.spool, res);
        if (spoolDepth === undefined) return;
        // Still 200 when the flush is stuck: reports are accepted into the
        // spool, so a load balancer must keep sending; `flush` says that it is.
        const flush = deps.flushHealth?.();
        sendJson(res, 200, {
          ok: true,
          spoolDepth,
          ...(flush ? { flush: healthzView(flush) } : {}),
        });
      },
    },
    "/v1/crash/stats": { methods: GET, route: routes.stats },
    "/v1/crash/promote": { methods: POST, route: routes.promote },
    "/v1/crash/forget": { methods: POST, route: routes.forget },
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const entry = Object.hasOwn(table, path) ? table[path] : undefined;
    if (!entry) return false;
    if (!entry.methods.includes(req.method as Method)) {
      answerWrongMethod(res, entry.methods);
      return true;
    }
    try {
      await entry.route(req, res);
    } catch (error: unknown) {
      deps.log.error({ err: error, path }, "request failed");
      if (!res.headersSent) sendAnswer(res, 500, "internal error", { connection: "close" });
      else res.destroy();
    }
    return true;
  };
  const specs: RouteSpec[] = Object.entries(table).map(([path, { methods }]) => ({
    path,
    methods,
  }));
  return Object.assign(handle, { routes: specs });
}
