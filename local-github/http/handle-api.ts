import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthDeps } from "../auth/authenticate.js";
import { authenticate } from "../auth/authenticate.js";
import type { Principal } from "../auth/principal.js";
import { requiredPermission } from "../auth/required-permission.js";
import { ApiError, ClientGoneError, notFound } from "../errors.js";
import type { FaultInjector } from "../faults.js";
import type { RateLimiter } from "../limits/rate-limiter.js";
import type { Stats } from "../stats.js";
import { readJsonBody } from "./read-json-body.js";
import type { ResponseCache } from "./response-cache.js";
import type { Match, Reply, Router } from "./router.js";
import { baseHeaders, etagMatches, sendText, weakEtag } from "./send.js";

export type ApiDeps = {
  router: Router;
  auth: AuthDeps;
  limiter: RateLimiter;
  faults: FaultInjector;
  stats: Stats;
  cache: ResponseCache;
};

/** Anonymous callers may be refused what a token sees (private repositories). */
const cacheKey = (principal: Principal, url: URL): string =>
  `${principal.kind === "anonymous" ? "a" : "t"} ${url.pathname}${url.search}`;

const injected = (status: number) => new ApiError(status, "Server Error (injected fault)");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const methodsWithBody = new Set(["POST", "PATCH", "PUT", "DELETE"]);

/**
 * One REST request: route, inject faults, authenticate, rate-limit, parse the
 * body, run the handler, then answer with GitHub's headers (ETag and 304 on GETs).
 */
export async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  url: URL,
  deps: ApiDeps,
): Promise<void> {
  const method = req.method ?? "GET";
  const headers: Record<string, string> = { ...baseHeaders, "x-github-request-id": randomUUID() };
  const match = deps.router.match(method === "HEAD" ? "GET" : method, path);
  const key = match?.route.key ?? "unmatched";
  deps.stats.countRequest(key);

  // The local controls never fail, so a test can always lift its own faults.
  const fault = match?.route.access === "admin" ? { latencyMs: 0 } : deps.faults.decide(key);
  if (fault.latencyMs > 0) await sleep(fault.latencyMs);
  const failBefore = fault.fail?.phase === "before" ? fault.fail : undefined;
  const failAfter = fault.fail?.phase === "after" ? fault.fail : undefined;
  if (failBefore?.reset) {
    req.socket.destroy();
    return;
  }
  let principal: Principal | undefined;
  let reply: Reply;
  try {
    if (failBefore) throw injected(failBefore.status);
    principal = authenticate(req, deps.auth);
    if (!match) throw notFound();
    reply = await run(req, url, match, principal, headers, deps);
    if (failAfter?.reset) {
      req.socket.destroy();
      return;
    }
    if (failAfter) throw injected(failAfter.status);
  } catch (error: unknown) {
    // Nobody to answer, and nothing was applied: a normal end, not a fault.
    if (error instanceof ClientGoneError) return;
    const apiError =
      error instanceof ApiError ? error : new ApiError(500, "Internal Server Error (local GitHub)");
    if (!(error instanceof ApiError)) console.error("crashfix-github: handler failed", error);
    Object.assign(headers, apiError.headers);
    reply = { status: apiError.status, body: apiError.toBody() };
  }
  // Any request that may write ends the life of every cached answer.
  if (match && method !== "GET" && method !== "HEAD") deps.cache.invalidate();
  deps.stats.countStatus(reply.status);
  Object.assign(headers, reply.headers);
  if (reply.body === undefined && !reply.cached) {
    delete headers["content-type"];
    sendText(res, reply.status, undefined, headers);
    return;
  }
  const text = reply.cached?.text ?? JSON.stringify(reply.body);
  if (method === "GET" && reply.status === 200) {
    const etag = reply.cached?.etag ?? weakEtag(text);
    if (!reply.cached && match?.route.cacheable && principal) {
      deps.cache.set(cacheKey(principal, url), {
        status: 200,
        text,
        etag,
        headers: reply.headers ?? {},
      });
    }
    headers.etag = etag;
    headers["cache-control"] = "private, max-age=60, s-maxage=60";
    headers.vary = "Accept, Authorization, Cookie, X-GitHub-OTP";
    if (etagMatches(req.headers["if-none-match"], etag)) {
      // GitHub: a 304 does not count against the primary rate limit.
      if (principal) deps.limiter.refund(principal.bucket);
      delete headers["content-type"];
      sendText(res, 304, undefined, headers);
      return;
    }
  }
  sendText(res, reply.status, method === "HEAD" ? undefined : text, headers);
}

async function run(
  req: IncomingMessage,
  url: URL,
  match: Match,
  principal: Principal,
  headers: Record<string, string>,
  deps: ApiDeps,
): Promise<Reply> {
  const { route, params } = match;
  if (route.access === "app" && principal.kind !== "app") {
    throw new ApiError(401, "A JSON web token could not be decoded");
  }
  if (route.access !== "app" && principal.kind === "app") {
    // An App's JWT only reaches /app endpoints; repository calls need an installation token.
    throw new ApiError(403, "Resource not accessible by integration");
  }
  if (route.access === "admin" && principal.kind !== "token") {
    throw new ApiError(401, "Requires the local GitHub's personal token");
  }
  if (principal.kind === "installation") {
    const needed = requiredPermission(route.key);
    if (needed) deps.auth.installation.authorize(needed, principal.tokenKey);
  }
  if (principal.kind !== "app" && route.access !== "admin") {
    Object.assign(headers, deps.limiter.take(principal.bucket, principal.kind === "anonymous"));
  }
  if (route.creates && principal.kind !== "anonymous") deps.limiter.takeCreation(principal.bucket);
  if (route.cacheable) {
    const hit = deps.cache.get(cacheKey(principal, url));
    if (hit) return { status: hit.status, headers: hit.headers, cached: hit };
  }
  const body = methodsWithBody.has(route.method)
    ? await readJsonBody(req, deps.limiter.current().maxBodyBytes)
    : undefined;
  return route.handler({ req, url, params, query: url.searchParams, principal, body });
}
