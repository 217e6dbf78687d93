import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "probot";
import { sendAnswer, sendJson } from "../ingest/send-answer.js";
import type { ReportSpool } from "../spool/report-spool.js";

type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

// One Probot handler for the ingest's routes; answers false for any other
// path so Probot's own handlers (webhooks, ping, 404) still apply.
export function createRouter(
  routes: { crash: Route; stats: Route; promote: Route; forget: Route },
  deps: { spool: ReportSpool; log: Logger },
) {
  const table: Record<string, Route> = {
    "/v1/crash": routes.crash,
    "/v1/crash/stats": routes.stats,
    "/v1/crash/promote": routes.promote,
    "/v1/crash/forget": routes.forget,
    // Not ok while the spool cannot be read (Redis unreachable): reports
    // sent now would get 503.
    "/healthz": async (_req, res) => {
      let spoolDepth: number;
      try {
        spoolDepth = await deps.spool.depth();
      } catch {
        sendJson(res, 503, { ok: false, reason: "spool unreachable" });
        return;
      }
      sendJson(res, 200, { ok: true, spoolDepth });
    },
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const route = Object.hasOwn(table, path) ? table[path] : undefined;
    if (!route) return false;
    try {
      await route(req, res);
    } catch (error: unknown) {
      deps.log.error({ err: error, path }, "request failed");
      if (!res.headersSent) sendAnswer(res, 500, "internal error", { connection: "close" });
      else res.destroy();
    }
    return true;
  };
  return Object.assign(handle, { routes: Object.keys(table) });
}
