import type { IncomingMessage, ServerResponse } from "node:http";
import type { GitDeps } from "../git/serve-git.js";
import { serveGit } from "../git/serve-git.js";
import type { HtmlDeps } from "../html/serve-html.js";
import { serveHtml } from "../html/serve-html.js";
import type { ApiDeps } from "./handle-api.js";
import { handleApi } from "./handle-api.js";

export const API_PREFIX = "/api/v3";
/** GHES serves GraphQL beside REST; the API router answers it as `/graphql`. */
export const GRAPHQL_PATH = "/api/graphql";

const gitPath = /^\/[^/]+\/[^/]+\.git(\/|$)/;

/** Splits traffic as GHES does: REST under /api/v3, GraphQL at /api/graphql, git at /<owner>/<repo>.git, pages elsewhere. */
export function dispatchRequest(
  serverUrl: string,
  deps: { api: ApiDeps; git: GitDeps; html: HtmlDeps },
) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    // Absolute-form request targets are re-based, so Link headers always name this server.
    const parsed = new URL(req.url ?? "/", serverUrl);
    const url =
      parsed.origin === serverUrl ? parsed : new URL(parsed.pathname + parsed.search, serverUrl);
    const path = url.pathname;
    let work: Promise<void>;
    if (path === GRAPHQL_PATH) {
      work = handleApi(req, res, "/graphql", url, deps.api);
    } else if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) {
      work = handleApi(req, res, path.slice(API_PREFIX.length) || "/", url, deps.api);
    } else if (gitPath.test(path)) {
      work = serveGit(req, res, url, deps.git);
    } else {
      work = serveHtml(req, res, url, deps.html);
    }
    work.catch((error: unknown) => {
      console.error("crashfix-github: request failed", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end();
    });
  };
}
