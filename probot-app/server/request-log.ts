import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "probot";

// Logs are data too (docs/DESIGN.md section 6): a request line names the method,
// the route template, the status, the duration and a request id made here.
// Never a header (the admin bearer, cookies, user agents), a query string, a
// client address, or an id the client chose.
// The routes Probot answers itself (its webhook endpoint, and /ping on its
// Server), named in request logs beside the ingest's own.
export const PROBOT_ROUTES = ["/api/github/webhooks", "/ping"];

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export function createRequestLog(log: Logger, routes: readonly string[]) {
  const known = new Set(routes);
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = process.hrtime.bigint();
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const entry = {
      reqId: randomUUID(),
      method: METHODS.has(req.method ?? "") ? req.method : "OTHER",
      route: known.has(path) ? path : "(other)",
    };
    res.once("close", () => {
      const ms = Math.round((Number(process.hrtime.bigint() - started) / 1e6) * 10) / 10;
      // res.statusCode is 200 until a handler sets one: a request cut off
      // before its answer went out has no status, and says none.
      const status = res.headersSent ? { status: res.statusCode } : {};
      log.info({ ...entry, ...status, ms }, res.writableFinished ? "request" : "request aborted");
    });
  };
}

// Probot's Server logs every request through pino-http, headers, URL and
// client address included, with a child logger named "http"; it takes no
// option to change that (Probot 14, lib/server/handlers/http-logger.js). The
// Server gets a logger whose "http" child is silent, and the ingest logs
// requests with createRequestLog instead.
export function withSilentHttpChild(log: Logger): Logger {
  const parent = log.child({});
  const silent = log.child({});
  silent.level = "silent";
  const child = parent.child.bind(parent);
  return Object.assign(parent, {
    child: ((bindings, options) =>
      bindings?.name === "http" ? silent : child(bindings, options)) as Logger["child"],
  });
}
