import type { Server as HttpServer } from "node:http";
import { Redis } from "ioredis";
import pino from "pino";
import { type Logger, Probot, Server } from "probot";
import type { CrashfixConfig } from "../config/read-env-config.js";
import { createCrashHandler } from "../ingest/handle-crash.js";
import { createRateLimits } from "../ingest/rate-limits.js";
import { Ledger } from "../spool/ledger.js";
import { SpoolLog } from "../spool/spool-log.js";
import { CountersWriter } from "../worker/counters-writer.js";
import { createOctokitClass } from "../worker/create-octokit-class.js";
import { FlushWorker } from "../worker/flush-worker.js";
import type { TriageOctokit } from "../worker/github-types.js";
import { IssueResolver } from "../worker/issue-resolver.js";
import { WriteBudget } from "../worker/write-budget.js";
import { createRouter } from "./create-router.js";
import { createPromoteHandler, createStatsHandler } from "./handle-admin.js";
import { Metrics } from "./metrics.js";
import { onIssueClosed } from "./on-issue-closed.js";
import { pickPort } from "./pick-port.js";

export type CrashfixServer = {
  url: string;
  port: number;
  metrics: Metrics;
  worker: FlushWorker;
  spool: SpoolLog;
  close(): Promise<void>;
};

export type StartOptions = {
  log?: Logger;
  lockPollMs?: number;
  issueRefreshMs?: number;
};

// Starts the ingest on Probot's HTTP server: POST /v1/crash and friends via
// addHandler, the webhook endpoint Probot brings, and the flush worker.
export async function startCrashfixServer(
  config: CrashfixConfig,
  options: StartOptions = {},
): Promise<CrashfixServer> {
  const log = options.log ?? pino({ level: config.logLevel, name: "crashfix" });
  const metrics = new Metrics();
  const { spool, entries } = await SpoolLog.open(config.spoolDir);
  const ledger = await Ledger.open(config.spoolDir);
  if (spool.damaged > 0) log.warn({ damaged: spool.damaged }, "skipped torn spool lines");
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 })
    : undefined;
  const limits = createRateLimits({
    ipPerMinute: config.rateIpPerMinute,
    projectPerMinute: config.rateProjectPerMinute,
    redis,
  });
  const Octokit = createOctokitClass(config, metrics);
  const ProbotWithDefaults = Probot.defaults({
    appId: config.appId,
    privateKey: config.privateKey,
    secret: config.webhookSecret,
    baseUrl: config.githubApiUrl,
    Octokit,
    log,
  });
  const resolver = new IssueResolver({
    repo: config.triageRepo,
    metrics,
    maxNewIssuesPerHour: config.maxNewIssuesPerHour,
    lockWaitMs: config.lockWaitMs,
    lockPollMs: options.lockPollMs ?? Math.min(1_000, config.flushIntervalMs),
  });
  const counters = new CountersWriter(config.triageRepo, metrics, {
    rereadBeforeWrite: config.sharedCounters,
  });

  let probot: Probot | undefined;
  let octokit: Promise<TriageOctokit> | undefined;
  const getOctokit = (): Promise<TriageOctokit> => {
    octokit ??= (async () => {
      if (!probot) throw new Error("the Probot app is not loaded yet");
      let installationId = config.installationId;
      if (installationId === undefined) {
        const appOctokit = await probot.auth();
        const { data } = await appOctokit.request("GET /repos/{owner}/{repo}/installation", {
          ...config.triageRepo,
        });
        installationId = data.id;
      }
      return (await probot.auth(installationId)) as TriageOctokit;
    })().catch((error: unknown) => {
      octokit = undefined;
      throw error;
    });
    return octokit;
  };

  const worker = new FlushWorker({
    spool,
    ledger,
    resolver,
    counters,
    getOctokit,
    metrics,
    log,
    flushIntervalMs: config.flushIntervalMs,
    budget: new WriteBudget({ perMinute: config.writesPerMinute, perHour: config.writesPerHour }),
    ...(options.issueRefreshMs !== undefined ? { issueRefreshMs: options.issueRefreshMs } : {}),
  });
  worker.recover(entries);

  const crash = createCrashHandler({
    spool,
    worker,
    limits,
    metrics,
    log,
    maxBodyBytes: config.maxBodyBytes,
    bodyTimeoutMs: config.bodyTimeoutMs,
    maxSpoolEntries: config.maxSpoolEntries,
    trustProxy: config.trustProxy,
  });
  const adminDeps = { adminToken: config.adminToken, metrics, spool, worker, resolver, getOctokit };
  const router = createRouter(
    { crash, stats: createStatsHandler(adminDeps), promote: createPromoteHandler(adminDeps) },
    { spool, log },
  );

  let server: Server | undefined;
  let http: HttpServer | undefined;
  for (let attempt = 0; !http; attempt += 1) {
    const port = config.port === 0 ? await pickPort(config.host) : config.port;
    server = new Server({
      Probot: ProbotWithDefaults as typeof Probot,
      port,
      host: config.host,
      log,
      enableStaticFiles: false,
    });
    await server.load((app, { addHandler }) => {
      probot = app;
      onIssueClosed(app, { repo: config.triageRepo, resolver, metrics });
      addHandler(router);
    });
    try {
      http = await server.start();
    } catch (error: unknown) {
      const inUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
      if (!inUse || config.port !== 0 || attempt >= 5) throw error;
    }
  }
  // Slow clients: Node's own limits back up the body deadline in readBody.
  http.headersTimeout = 10_000;
  http.requestTimeout = config.bodyTimeoutMs + 5_000;
  worker.start();
  const running = server as Server;
  const port = running.port;
  return {
    url: `http://${config.host}:${port}`,
    port,
    metrics,
    worker,
    spool,
    async close() {
      const stopped = running.stop();
      http?.closeAllConnections();
      await stopped;
      await worker.stop();
      await spool.close();
      await ledger.close();
      redis?.disconnect();
    },
  };
}
