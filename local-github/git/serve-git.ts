import { spawn } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthDeps } from "../auth/authenticate.js";
import { authenticate } from "../auth/authenticate.js";
import type { Principal } from "../auth/principal.js";
import { ApiError } from "../errors.js";
import type { ResponseCache } from "../http/response-cache.js";
import type { Stats } from "../stats.js";
import type { Store } from "../store/create-store.js";
import type { GitRepos } from "./git-repos.js";

export type GitDeps = {
  git: GitRepos;
  store: Store;
  auth: AuthDeps;
  stats: Stats;
  cache: ResponseCache;
};

// Git's smart HTTP protocol served by git's own CGI program, `git http-backend`
// (https://git-scm.com/docs/git-http-backend). Clone of a public repository is
// open; push and private repositories need basic auth `x-access-token:<token>`.
const gitPath = /^\/([^/]+)\/([^/]+)\.git(\/.*)?$/;
const allowedTail = /^\/(info\/refs|git-upload-pack|git-receive-pack|HEAD)$/;

export async function serveGit(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: GitDeps,
): Promise<void> {
  deps.stats.countRequest("GIT /{owner}/{repo}.git");
  const match = gitPath.exec(url.pathname);
  const tail = match?.[3] ?? "";
  const repo = match ? deps.store.repos.find(match[1] ?? "", match[2] ?? "") : undefined;
  if (!match || !repo || !allowedTail.test(tail)) {
    return plain(res, 404, "Repository not found.\n");
  }
  const pushing =
    tail === "/git-receive-pack" || url.searchParams.get("service") === "git-receive-pack";
  let principal: Principal;
  try {
    principal = authenticate(req, deps.auth);
  } catch (error: unknown) {
    if (error instanceof ApiError) return challenge(res);
    throw error;
  }
  if (principal.kind === "app") return challenge(res);
  if (principal.kind === "anonymous" && (pushing || repo.private === 1)) return challenge(res);
  if (principal.kind === "installation" && (pushing || repo.private === 1)) {
    // Git over HTTP needs the installation's Contents permission, as on GitHub.
    try {
      deps.auth.installation.authorize(
        { names: ["contents"], level: pushing ? "write" : "read" },
        principal.tokenKey,
      );
    } catch {
      const name = `${repo.owner}/${repo.name}`;
      return plain(res, 403, `Permission to ${name}.git denied to ${principal.actor.login}.\n`);
    }
  }

  const child = spawn("git", ["http-backend"], {
    env: {
      PATH: process.env.PATH ?? "",
      GIT_PROJECT_ROOT: deps.git.root,
      GIT_HTTP_EXPORT_ALL: "1",
      GIT_CONFIG_NOSYSTEM: "1",
      HOME: deps.git.root,
      PATH_INFO: `/${repo.owner.toLowerCase()}/${repo.name.toLowerCase()}.git${tail}`,
      REQUEST_METHOD: req.method ?? "GET",
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers["content-type"] ?? "",
      ...(req.headers["content-length"] ? { CONTENT_LENGTH: req.headers["content-length"] } : {}),
      ...(req.headers["content-encoding"]
        ? { HTTP_CONTENT_ENCODING: req.headers["content-encoding"] }
        : {}),
      ...(typeof req.headers["git-protocol"] === "string"
        ? { GIT_PROTOCOL: req.headers["git-protocol"] }
        : {}),
      REMOTE_USER: principal.kind === "anonymous" ? "" : principal.actor.login,
      REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1",
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  req.pipe(child.stdin);
  child.stdin.on("error", () => undefined);
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8").slice(0, 4000);
  });
  await relayCgi(child.stdout, res);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0 && stderr) console.error(`crashfix-github: git http-backend: ${stderr.trim()}`);
  if (tail === "/git-receive-pack" && code === 0) {
    deps.store.repos.markPushed(repo.id);
    deps.cache.invalidate();
  }
}

/** Copies a CGI answer: header lines up to a blank line (`Status:` sets the code), then the body. */
function relayCgi(stdout: NodeJS.ReadableStream, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    let head = Buffer.alloc(0);
    let inBody = false;
    stdout.on("data", (chunk: Buffer) => {
      if (inBody) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      const endLf = head.indexOf("\n\n");
      const split = end >= 0 ? end + 4 : endLf >= 0 ? endLf + 2 : -1;
      if (split < 0) return;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, split).toString("latin1").split(/\r?\n/)) {
        const colon = line.indexOf(":");
        if (colon <= 0) continue;
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        if (name === "status") status = Number.parseInt(value, 10) || 200;
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      inBody = true;
      const rest = head.subarray(split);
      if (rest.length > 0) res.write(rest);
    });
    stdout.on("end", () => {
      if (!inBody) res.writeHead(502, { "content-type": "text/plain" });
      res.end();
      resolve();
    });
  });
}

function challenge(res: ServerResponse): void {
  res.writeHead(401, {
    "www-authenticate": 'Basic realm="GitHub"',
    "content-type": "text/plain; charset=utf-8",
  });
  res.end("Invalid username or token. Use x-access-token:<token> as credentials.\n");
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(text);
}
