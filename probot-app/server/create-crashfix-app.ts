import pino from "pino";
import type { ApplicationFunction, Logger, Probot, ProbotOctokit } from "probot";
import type { CrashfixConfig } from "../config/read-env-config.js";
import { createCrashHandler } from "../ingest/handle-crash.js";
import { createRateLimits } from "../ingest/rate-limits.js";
import { openRedis } from "../redis/open-redis.js";
import type { Flusher, ReportIdLedger, ReportSpool } from "../spool/report-spool.js";
import { createRouter } from "./create-router.js";
import { createTriageCore, installationOctokit } from "./create-triage-core.js";
import { createPromoteHandler, createStatsHandler } from "./handle-admin.js";
import { Metrics } from "./metrics.js";
import { onIssueClosed } from "./on-issue-closed.js";
import { openStores } from "./open-stores.js";

export type CrashfixApp = {
  // Load into any Probot server (startCrashfixServer, `probot run`, or
  // Probot's createNodeMiddleware for a serverless function).
  appFn: ApplicationFunction;
  // The Octokit class with the ingest's throttling, retry and ETag policy,
  // for Probot.defaults({ Octokit }).
  Octokit: typeof ProbotOctokit;
  log: Logger;
  metrics: Metrics;
  spool: ReportSpool;
  reportIds: ReportIdLedger;
  flusher: Flusher;
  close(): Promise<void>;
};

export type AppOptions = {
  log?: Logger;
  issueRefreshMs?: number;
  // "timer" (default): the app drains the spool itself every flush
  // interval. "scheduled": a scheduler calls the flush entry point instead
  // (serverless; needs Redis, since nothing outlives a request).
  flush?: "timer" | "scheduled";
};

// Opens the spool (the local directory, recovered from what a previous run
// left, or Redis) and returns the Probot app function that adds the
// ingest's routes and, unless flushing is scheduled, starts the flusher.
export async function createCrashfixApp(
  config: CrashfixConfig,
  options: AppOptions = {},
): Promise<CrashfixApp> {
  const log = options.log ?? pino({ level: config.logLevel, name: "crashfix" });
  const metrics = new Metrics();
  const redis = config.redisUrl ? await openRedis(config, log) : undefined;
  const core = createTriageCore(config, {
    log,
    metrics,
    ...(redis ? { redis } : {}),
    ...(options.issueRefreshMs !== undefined ? { issueRefreshMs: options.issueRefreshMs } : {}),
  });
  let probot: Probot | undefined;
  const getOctokit = installationOctokit(config, () => probot);
  let stores: Awaited<ReturnType<typeof openStores>>;
  try {
    stores = await openStores(
      { config, log, metrics, writer: core.writer, getOctokit, budget: core.budget },
      redis,
    );
  } catch (error: unknown) {
    await redis?.close();
    throw error;
  }
  const { spool, flusher } = stores;
  const limits = createRateLimits({
    ipPerMinute: config.rateIpPerMinute,
    projectPerMinute: config.rateProjectPerMinute,
    redis: redis?.shared,
  });
  const crash = createCrashHandler({
    spool,
    limits,
    metrics,
    log,
    maxBodyBytes: config.maxBodyBytes,
    bodyTimeoutMs: config.bodyTimeoutMs,
    trustProxy: config.trustProxy,
  });
  const adminDeps = {
    adminToken: config.adminToken,
    metrics,
    spool,
    resolver: core.resolver,
    getOctokit,
  };
  const router = createRouter(
    { crash, stats: createStatsHandler(adminDeps), promote: createPromoteHandler(adminDeps) },
    { spool, log },
  );

  const appFn: ApplicationFunction = (app, { addHandler }) => {
    probot = app;
    onIssueClosed(app, { repo: config.triageRepo, resolver: core.resolver, metrics });
    addHandler(router);
    if (options.flush !== "scheduled") flusher.start();
  };

  return {
    appFn,
    Octokit: core.Octokit,
    log,
    metrics,
    spool,
    reportIds: stores.reportIds,
    flusher,
    close: () => stores.close(),
  };
}
