import type { ServerResponse } from "node:http";
import { sendAnswer } from "../ingest/send-answer.js";

export type Method = "GET" | "HEAD" | "POST";

/** A path the ingest answers and the methods it takes there. */
export type RouteSpec = { path: string; methods: readonly Method[] };

// RFC 9110 section 15.5.6: a 405 names the methods the route takes in Allow.
export function answerWrongMethod(res: ServerResponse, methods: readonly Method[]): void {
  sendAnswer(res, 405, `use ${methods.join(" or ")}`, { allow: methods.join(", ") });
}

// "GET /healthz": HEAD goes unsaid, RFC 9110 section 9.3.2 makes it GET's twin.
function describeRoute(route: RouteSpec): string {
  return `${route.methods.filter((method) => method !== "HEAD").join(" or ")} ${route.path}`;
}

// The 404 for a path nobody answers: what the ingest serves, in our words,
// never the path that was asked for (answers never echo input).
export function unknownRouteAnswer(routes: readonly RouteSpec[]): (res: ServerResponse) => void {
  const reason = `no such route: the ingest answers ${routes.map(describeRoute).join(", ")}`;
  return (res) => sendAnswer(res, 404, reason);
}
