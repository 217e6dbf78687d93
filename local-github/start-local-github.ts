import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { join } from "node:path";
import type { AppCredentials } from "./auth/app-credentials.js";
import { loadOrCreateAppCredentials } from "./auth/app-credentials.js";
import { createJwtVerifier } from "./auth/verify-app-jwt.js";
import { LocalGitHubError } from "./errors.js";
import { FaultInjector } from "./faults.js";
import { createGitRepos } from "./git/git-repos.js";
import { serveGit } from "./git/serve-git.js";
import { serveHtml } from "./html/serve-html.js";
import { handleApi } from "./http/handle-api.js";
import { Router } from "./http/router.js";
import { RateLimiter } from "./limits/rate-limiter.js";
import type { FaultRuleInput, LimitsInput, LocalGitHubOptions } from "./options.js";
import { faultRuleSchema, limitsSchema, parseOptions, repoFullNameSchema } from "./options.js";
import { registerAdminRoutes } from "./routes/admin.js";
import { registerAppRoutes } from "./routes/app.js";
import { registerCommentRoutes } from "./routes/comments.js";
import type { RouteDeps } from "./routes/deps.js";
import { registerGitRefRoutes } from "./routes/git-refs.js";
import { registerIssueRoutes } from "./routes/issues.js";
import { registerLabelRoutes } from "./routes/labels.js";
import { registerMetaRoutes } from "./routes/meta.js";
import { registerPullRoutes } from "./routes/pulls.js";
import { registerRepoRoutes } from "./routes/repos.js";
import { registerSearchRoutes } from "./routes/search.js";
import type { StatsSnapshot } from "./stats.js";
import { Stats } from "./stats.js";
import { createStore } from "./store/create-store.js";
import { openStore } from "./store/open-store.js";

export type LocalGitHub = {
  /** e.g. http://127.0.0.1:PORT (the web root, like a GitHub Enterprise Server host). */
  serverUrl: string;
  /** serverUrl + "/api/v3": Octokit's baseUrl. */
  apiUrl: string;
  /** A personal token accepted for REST and git (basic auth `x-access-token:<token>`). */
  token: string;
  /** The local GitHub App, generated on first start and persisted in the data dir. */
  app: {
    appId: number;
    privateKey: string;
    webhookSecret: string;
    installationId: number;
    slug: string;
    clientId: string;
  };
  /** Path of the JSON file holding the App credentials (for the ingest to read). */
  appCredentialsPath: string;
  dataDir: string;
  /** serverUrl + "/owner/name.git" */
  gitUrl(fullName: string): string;
  createRepo(fullName: string, options?: { private?: boolean }): Promise<void>;
  setFaults(rules: FaultRuleInput[]): void;
  setLimits(limits: LimitsInput): void;
  stats(): StatsSnapshot;
  close(): Promise<void>;
};

export const API_PREFIX = "/api/v3";

/** Starts the local GitHub: store, App credentials, bare repos, and the HTTP server. */
export async function startLocalGitHub(options: LocalGitHubOptions): Promise<LocalGitHub> {
  const parsed = parseOptions(options);
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const credentials: AppCredentials = loadOrCreateAppCredentials(parsed.dataDir);
  const personalToken = parsed.token ?? credentials.personalToken;
  const db = openStore(parsed.dataDir);
  const store = createStore(db, now);
  const git = createGitRepos(join(parsed.dataDir, "git"));
  const limiter = new RateLimiter(parsed.limits, now);
  const faults = new FaultInjector(parsed.faults, random);
  const stats = new Stats();

  const server = createServer({ keepAlive: true });
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const port = await listen(server, parsed.port, parsed.host);
  const serverUrl = `http://${parsed.host}:${port}`;
  const urls = { web: serverUrl, api: `${serverUrl}${API_PREFIX}` };

  const createRepo = async (fullName: string, isPrivate: boolean) => {
    const name = repoFullNameSchema.parse(fullName);
    const [owner, repoName] = name.split("/") as [string, string];
    const result = store.repos.ensure(owner, repoName, isPrivate);
    await git.init(result.repo.owner, result.repo.name, result.repo.default_branch);
    return result;
  };
  const deps: RouteDeps = {
    store,
    urls,
    app: credentials,
    git,
    now,
    createRepo,
    countWrite: () => {
      stats.writes += 1;
    },
  };
  const snapshot = () => stats.snapshot(limiter.hits, faults.injected);
  const setLimits = (input: LimitsInput) => {
    const current = limiter.current();
    const merged = limitsSchema.parse({
      ...current,
      ...input,
      primary: { ...current.primary, ...input.primary },
      secondary: { ...current.secondary, ...input.secondary },
      search: { ...current.search, ...input.search },
    });
    limiter.setLimits(merged);
    return merged;
  };

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
  registerAdminRoutes(router, deps, {
    setFaults: (rules) => faults.set(rules),
    faults: () => faults.list(),
    setLimits,
    limits: () => limiter.current(),
    stats: snapshot,
  });

  const auth = {
    personalToken,
    personalLogin: "crashfix-local-user",
    appId: credentials.appId,
    tokens: store.tokens,
    verifyAppJwt: createJwtVerifier(credentials, now),
    now,
  };
  const apiDeps = { router, auth, limiter, faults, stats, apiBase: urls.api };

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    // Absolute-form request targets are re-based, so Link headers always name this server.
    const parsedUrl = new URL(req.url ?? "/", serverUrl);
    const url =
      parsedUrl.origin === serverUrl
        ? parsedUrl
        : new URL(parsedUrl.pathname + parsedUrl.search, serverUrl);
    const path = url.pathname;
    let work: Promise<void>;
    if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) {
      work = handleApi(req, res, path.slice(API_PREFIX.length) || "/", url, apiDeps);
    } else if (/^\/[^/]+\/[^/]+\.git(\/|$)/.test(path)) {
      work = serveGit(req, res, url, { git, store, auth, stats });
    } else {
      work = serveHtml(req, res, url, { store, urls, git });
    }
    work.catch((error: unknown) => {
      console.error("crashfix-github: request failed", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end();
    });
  });

  for (const fullName of parsed.repos) await createRepo(fullName, false);

  let closing: Promise<void> | undefined;
  return {
    serverUrl,
    apiUrl: urls.api,
    token: personalToken,
    app: {
      appId: credentials.appId,
      privateKey: credentials.privateKey,
      webhookSecret: credentials.webhookSecret,
      installationId: credentials.installationId,
      slug: credentials.slug,
      clientId: credentials.clientId,
    },
    appCredentialsPath: join(parsed.dataDir, "app-credentials.json"),
    dataDir: parsed.dataDir,
    gitUrl: (fullName) => `${serverUrl}/${fullName}.git`,
    createRepo: async (fullName, repoOptions = {}) => {
      await createRepo(fullName, repoOptions.private ?? false);
    },
    setFaults: (rules) => faults.set(rules.map((rule) => faultRuleSchema.parse(rule))),
    setLimits: (limits) => {
      setLimits(limits);
    },
    stats: snapshot,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          db.close();
          resolve();
        });
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error) =>
      reject(
        new LocalGitHubError(
          "LISTEN_FAILED",
          `cannot listen on ${host}:${port}: ${error.message}`,
          { cause: error },
        ),
      ),
    );
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}
