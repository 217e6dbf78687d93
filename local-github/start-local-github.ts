import { createServer } from "node:http";
import { join } from "node:path";
import { z } from "zod";
import { makeFolder } from "../cli/store/make-folder.js";
import type { AppCredentials } from "./auth/app-credentials.js";
import { APP_CREDENTIALS_FILE, loadOrCreateAppCredentials } from "./auth/app-credentials.js";
import { InstallationState } from "./auth/installation-state.js";
import { createJwtVerifier } from "./auth/verify-app-jwt.js";
import { LocalGitHubError } from "./errors.js";
import { FaultInjector } from "./faults.js";
import { createGitRepos } from "./git/git-repos.js";
import { API_PREFIX, dispatchRequest } from "./http/dispatch-request.js";
import { listen, trackSockets } from "./http/listen.js";
import { ResponseCache } from "./http/response-cache.js";
import { RateLimiter } from "./limits/rate-limiter.js";
import type { LocalGitHub } from "./local-github.js";
import type { LimitsInput, LocalGitHubOptions } from "./options.js";
import {
  faultRuleSchema,
  installationSchema,
  invalidOptions,
  limitsSchema,
  parseOptions,
  repoFullNameSchema,
  webhookUrlSchema,
} from "./options.js";
import { createRouter } from "./routes/create-router.js";
import type { RouteDeps } from "./routes/deps.js";
import { Stats } from "./stats.js";
import { createStore } from "./store/create-store.js";
import { openStore } from "./store/open-store.js";
import { createEvents } from "./webhooks/emit-events.js";
import { WebhookSender } from "./webhooks/webhook-sender.js";

/** How long an idle keep-alive connection is kept open (Node: 5 s). */
const IDLE_CONNECTION_MS = 65_000;

export type { LocalGitHub } from "./local-github.js";
export { API_PREFIX };

/** Parses input handed to the running server; refuses it with a typed error naming the call. */
function validated<T extends z.ZodType>(schema: T, input: unknown, call: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidOptions(call, result.error);
}

/** Starts the local GitHub: store, App credentials, bare repos, and the HTTP server. */
export async function startLocalGitHub(options: LocalGitHubOptions): Promise<LocalGitHub> {
  const parsed = parseOptions(options);
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  // `--data DIR` names a folder to use, existing or not, as a database path would.
  try {
    makeFolder(parsed.dataDir);
  } catch (error: unknown) {
    throw new LocalGitHubError("DATA_DIR", `cannot create the data directory ${parsed.dataDir}`, {
      cause: error,
    });
  }
  const credentials: AppCredentials = loadOrCreateAppCredentials(parsed.dataDir, parsed.token);
  const personalToken = credentials.personalToken;
  const db = openStore(parsed.dataDir);
  const store = createStore(db, now);
  const git = createGitRepos(join(parsed.dataDir, "git"));
  const limiter = new RateLimiter(parsed.limits, now);
  const faults = new FaultInjector(parsed.faults, random);
  const stats = new Stats();
  const installation = new InstallationState(now, parsed.installation);
  const cache = new ResponseCache(db, parsed.responseCache);
  const webhooks = new WebhookSender(credentials.webhookSecret, credentials.appId);
  webhooks.setUrl(parsed.webhookUrl);

  const server = createServer({ keepAlive: true });
  // Idle connections are closed by the client, never under it: Node's
  // default of 5 s lets a request that reuses a connection meet the server's
  // close (ECONNRESET) when the client's event loop was busy past it.
  // undici, which Node's fetch and Octokit use, stops reusing an idle
  // connection after 4 s or the server's Keep-Alive hint, so a longer wait
  // here only leaves the closing to it.
  server.keepAliveTimeout = IDLE_CONNECTION_MS;
  const sockets = trackSockets(server);
  let port: number;
  try {
    port = await listen(server, parsed.port, parsed.host);
  } catch (error: unknown) {
    db.close();
    throw error;
  }
  const serverUrl = `http://${parsed.host}:${port}`;
  const urls = { web: serverUrl, api: `${serverUrl}${API_PREFIX}` };

  const createRepo = async (fullName: string, isPrivate: boolean) => {
    const name = validated(repoFullNameSchema, fullName, "createRepo");
    const [owner, repoName] = name.split("/") as [string, string];
    const result = store.repos.ensure(owner, repoName, isPrivate);
    cache.invalidate();
    await git.init(result.repo.owner, result.repo.name, result.repo.default_branch);
    return result;
  };
  const deps: RouteDeps = {
    store,
    urls,
    app: credentials,
    installation,
    git,
    now,
    createRepo,
    countWrite: () => {
      stats.writes += 1;
    },
    events: createEvents({
      urls,
      sender: webhooks,
      installationId: credentials.installationId,
      labelsOf: (issueId) => store.labels.forIssue(issueId),
      openIssues: (repoId) => store.repos.openIssueCount(repoId),
    }),
  };
  const snapshot = () => stats.snapshot(limiter.hits, faults.injected, webhooks.stats);
  const setLimits = (input: LimitsInput) => {
    const current = limiter.current();
    const merged = validated(
      limitsSchema,
      {
        ...current,
        ...input,
        primary: { ...current.primary, ...input.primary },
        secondary: { ...current.secondary, ...input.secondary },
        search: { ...current.search, ...input.search },
      },
      "setLimits",
    );
    limiter.setLimits(merged);
    return merged;
  };

  const router = createRouter(deps, limiter, {
    setFaults: (rules) => faults.set(rules),
    faults: () => faults.list(),
    setLimits,
    limits: () => limiter.current(),
    stats: snapshot,
    setWebhookUrl: (url) => webhooks.setUrl(url),
  });

  const auth = {
    personalToken,
    personalLogin: "crashfix-local-user",
    appId: credentials.appId,
    tokens: store.tokens,
    verifyAppJwt: createJwtVerifier(credentials, now),
    now,
    installation,
  };
  server.on(
    "request",
    dispatchRequest(serverUrl, {
      api: { router, auth, limiter, faults, stats, cache },
      git: { git, store, auth, stats, cache },
      html: { store, urls, git, dataDir: parsed.dataDir },
    }),
  );

  try {
    for (const fullName of parsed.repos) await createRepo(fullName, false);
    for (const fullName of parsed.privateRepos) {
      const { repo, created } = await createRepo(fullName, true);
      if (!created && !repo.private) {
        store.repos.setPrivate(repo.id, true);
        cache.invalidate();
      }
    }
  } catch (error: unknown) {
    await new Promise((resolve) => server.close(resolve));
    db.close();
    throw error;
  }

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
    appCredentialsPath: join(parsed.dataDir, APP_CREDENTIALS_FILE),
    dataDir: parsed.dataDir,
    gitUrl: (fullName) => `${serverUrl}/${fullName}.git`,
    createRepo: async (fullName, repoOptions = {}) => {
      await createRepo(fullName, repoOptions.private ?? false);
    },
    setFaults: (rules) => faults.set(validated(z.array(faultRuleSchema), rules, "setFaults")),
    setLimits: (limits) => {
      setLimits(limits);
    },
    setWebhookUrl: (url) =>
      webhooks.setUrl(
        url === undefined ? undefined : validated(webhookUrlSchema, url, "setWebhookUrl"),
      ),
    setInstallation: (input) => {
      installation.set(validated(installationSchema, input, "setInstallation"));
      // Answers rendered before the change may hold the old permissions.
      cache.invalidate();
    },
    webhooksIdle: () => webhooks.idle(),
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
