import { hkdfSync, randomBytes } from "node:crypto";
import pino from "pino";
import type { ApplicationFunction, Logger, Probot, ProbotOctokit } from "probot";
import type { Report } from "../../redact/index.js";
import type { CrashfixConfig } from "../config/read-env-config.js";
import { createForgetHandler } from "../forget/handle-forget.js";
import { createCrashHandler } from "../ingest/handle-crash.js";
import { createRateLimits } from "../ingest/rate-limits.js";
import { checkTriageRepo } from "../preflight/check-triage-repo.js";
import { gateFiling } from "../preflight/filing-gate.js";
import { type TriageRepoWatch, watchTriageRepo } from "../preflight/watch-triage-repo.js";
import { openRedis } from "../redis/open-redis.js";
import type { Flusher, ReportIdLedger, ReportSpool } from "../spool/report-spool.js";
import { createRouter } from "./create-router.js";
import { createTriageCore, installationOctokit } from "./create-triage-core.js";
import { createPromoteHandler, createStatsHandler } from "./handle-admin.js";
import { Metrics } from "./metrics.js";
import { onIssueClosed } from "./on-issue-closed.js";
import { openStores } from "./open-stores.js";
import type { RouteSpec } from "./route-answers.js";

export type CrashfixApp = {
  // Load into any Probot server (startCrashfixServer, `probot run`, or
  // Probot's createNodeMiddleware for a serverless function).
  appFn: ApplicationFunction;
  // The Octokit class with the ingest's throttling, retry and ETag policy,
  // for Probot.defaults({ Octokit }).
  Octokit: typeof ProbotOctokit;
  log: Logger;
  // The paths the ingest answers and their methods, for request logs and
  // the 404 that names them.
  routes: readonly RouteSpec[];
  metrics: Metrics;
  spool: ReportSpool;
  reportIds: ReportIdLedger;
  flusher: Flusher;
  close(): Promise<void>;
};

/**
 * Who wants to watch the ingest work (the local stack prints it): each
 * accepted report, and each GitHub webhook event that reached the ingest.
 * A watcher that throws is logged and ignored; it never fails a request.
 */
export type IngestObserver = {
  reportAccepted?(report: Report): void;
  githubEvent?(name: string, payload: unknown): void;
};

export type AppOptions = {
  log?: Logger;
  issueRefreshMs?: number;
  observer?: IngestObserver;
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
  // Set once the app is loaded by a server that flushes on its own timer.
  let triageWatch: TriageRepoWatch | undefined;
  const fileWith = gateFiling(getOctokit, () => triageWatch);
  let stores: Awaited<ReturnType<typeof openStores>>;
  try {
    stores = await openStores(
      { config, log, metrics, writer: core.writer, getOctokit: fileWith, budget: core.budget },
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
    // Buckets are shared between instances through Redis, so their key is
    // one every instance derives from a secret they all hold.
    bucketKey: redis
      ? Buffer.from(hkdfSync("sha256", config.webhookSecret, "", "crashfix rate-limit buckets", 32))
      : randomBytes(32),
    redis: redis?.shared,
    ...(redis ? { keyPrefix: redis.keys.rateLimits } : {}),
  });
  const { observer } = options;
  const watch = (what: string, call: () => void) => {
    try {
      call();
    } catch (error: unknown) {
      log.warn({ err: error }, `the ingest observer's ${what} threw; ignored`);
    }
  };
  const crash = createCrashHandler({
    spool,
    limits,
    metrics,
    log,
    maxBodyBytes: config.maxBodyBytes,
    bodyTimeoutMs: config.bodyTimeoutMs,
    trustProxy: config.trustProxy,
    onAccepted: (report) => watch("reportAccepted", () => observer?.reportAccepted?.(report)),
  });
  const adminDeps = {
    adminToken: config.adminToken,
    metrics,
    spool,
    resolver: core.resolver,
    getOctokit,
  };
  const router = createRouter(
    {
      crash,
      stats: createStatsHandler(adminDeps),
      promote: createPromoteHandler(adminDeps),
      forget: createForgetHandler({ ...adminDeps, log }),
    },
    { spool, log, flushHealth: () => triageWatch?.health() },
  );

  const appFn: ApplicationFunction = (app, { addHandler }) => {
    probot = app;
    onIssueClosed(app, { repo: config.triageRepo, resolver: core.resolver, metrics });
    if (observer?.githubEvent) {
      app.onAny(({ name, payload }) =>
        watch("githubEvent", () => observer.githubEvent?.(name, payload)),
      );
    }
    addHandler(router);
    if (options.flush === "scheduled") return;
    flusher.start();
    // A triage repo GitHub refuses does not stop intake: reports wait in the
    // spool, and the log and /healthz say what to fix.
    triageWatch ??= watchTriageRepo((signal) => checkTriageRepo(config, { signal }), log);
  };

  return {
    appFn,
    Octokit: core.Octokit,
    log,
    routes: router.routes,
    metrics,
    spool,
    reportIds: stores.reportIds,
    flusher,
    close: () => {
      triageWatch?.stop();
      return stores.close();
    },
  };
}
