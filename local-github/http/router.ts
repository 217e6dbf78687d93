import type { IncomingMessage } from "node:http";
import type { Principal } from "../auth/principal.js";

export type Reply = {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Already serialised body and its ETag (a cached answer). */
  cached?: { text: string; etag: string };
};

export type RouteContext = {
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
  query: URLSearchParams;
  principal: Principal;
  body: unknown;
};

export type Handler = (ctx: RouteContext) => Reply | Promise<Reply>;

/** Who may call a route: any REST credential, only an App JWT, or the local admin token. */
export type Access = "rest" | "app" | "admin";

export type Route = {
  method: string;
  /** e.g. `GET /repos/{owner}/{repo}/issues`: the key used by stats and fault rules. */
  key: string;
  segments: string[];
  handler: Handler;
  access: Access;
  /** Counts against the secondary limit on content creation. */
  creates: boolean;
  /** Its 200 answers may be reused until the next write (see ResponseCache). */
  cacheable: boolean;
};

export type Match = { route: Route; params: Record<string, string> };

/**
 * A small router over path segments. `{name}` matches one segment, `{name+}` the
 * rest of the path (git ref names contain slashes). Segments are decoded after
 * splitting, so `%2F` inside a label name stays inside that name.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(
    method: string,
    pattern: string,
    handler: Handler,
    options: { access?: Access; creates?: boolean; cacheable?: boolean } = {},
  ): this {
    this.routes.push({
      method,
      key: `${method} ${pattern}`,
      segments: pattern.split("/").filter(Boolean),
      handler,
      access: options.access ?? "rest",
      creates: options.creates ?? false,
      cacheable: options.cacheable ?? false,
    });
    return this;
  }

  match(method: string, path: string): Match | undefined {
    const raw = path.split("/").filter(Boolean);
    const parts = raw.map(safeDecode);
    if (parts.includes(undefined)) return undefined;
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = matchSegments(route.segments, parts as string[]);
      if (params) return { route, params };
    }
    return undefined;
  }

  keys(): string[] {
    return this.routes.map((route) => route.key);
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (parts.length < pattern.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] as string;
    const got = parts[i] as string;
    if (want.endsWith("+}")) {
      params[want.slice(1, -2)] = parts.slice(i).join("/");
      return params;
    }
    if (want.startsWith("{")) params[want.slice(1, -1)] = got;
    else if (want !== got) return undefined;
  }
  return parts.length === pattern.length ? params : undefined;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
