import { Redis } from "ioredis";
import pino from "pino";
import type { ApplicationFunction, Logger, Probot, ProbotOctokit } from "probot";
import type { Report } from "../../redact/index.js";
import type { CrashfixConfig } from "../config/read-env-config.js";
import { createCrashHandler } from "../ingest/handle-crash.js";
import { createRateLimits } from "../ingest/rate-limits.js";
import { Ledger } from "../spool/ledger.js";
import { SpoolLog } from "../spool/spool-log.js";
import { CountersWriter } from "../worker/counters-writer.js";
import { createOctokitClass } from "../worker/create-octokit-class.js";
import { createRedisLock } from "../worker/fingerprint-lock.js";
import { FlushWorker } from "../worker/flush-worker.js";
import type { TriageOctokit } from "../worker/github-types.js";
import { IssueResolver } from "../worker/issue-resolver.js";
import { WriteBudget } from "../worker/write-budget.js";
import { createRouter } from "./create-router.js";
import { createPromoteHandler, createStatsHandler } from "./handle-admin.js";
import { Metrics } from "./metrics.js";
import { onIssueClosed } from "./on-issue-closed.js";

export type CrashfixApp = {
  // Load into any Probot server (startCrashfixServer, or `probot run`).
  appFn: ApplicationFunction;
  // The Octokit class with the ingest's throttling, retry and ETag policy,
  // for Probot.defaults({ Octokit }).
  Octokit: typeof ProbotOctokit;
  log: Logger;
  metrics: Metrics;
  worker: FlushWorker;
  spool: SpoolLog;
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

export type AppOptions = { log?: Logger; issueRefreshMs?: number; observer?: IngestObserver };

// Opens the spool and ledger, recovers what a previous run left, and returns
// the Probot app function that adds the ingest's routes and starts the worker.
export async function createCrashfixApp(
  config: CrashfixConfig,
  options: AppOptions = {},
): Promise<CrashfixApp> {
  const log = options.log ?? pino({ level: config.logLevel, name: "crashfix" });
  const metrics = new Metrics();
  const { spool, entries } = await SpoolLog.open(config.spoolDir);
  const ledger = await Ledger.open(config.spoolDir, { maxIds: config.countedIds });
  if (spool.damaged > 0) log.warn({ damaged: spool.damaged }, "skipped torn spool lines");
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false })
    : undefined;
  // While Redis is unreachable the limiters fall back to memory; say so once
  // per outage instead of once per reconnect attempt.
  let redisDown = false;
  redis?.on("error", (error: unknown) => {
    if (!redisDown) log.warn({ err: error }, "Redis unreachable; rate limits are per instance");
    redisDown = true;
  });
  redis?.on("ready", () => {
    redisDown = false;
  });
  const limits = createRateLimits({
    ipPerMinute: config.rateIpPerMinute,
    projectPerMinute: config.rateProjectPerMinute,
    redis,
  });
  const resolver = new IssueResolver({
    repo: config.triageRepo,
    metrics,
    maxNewIssuesPerHour: config.maxNewIssuesPerHour,
    lockWaitMs: config.lockWaitMs,
  });
  // With Redis, instances share the triage repo: every counters edit reads
  // the comment first, under a per-fingerprint lock.
  const counters = new CountersWriter(config.triageRepo, metrics, {
    rereadBeforeWrite: config.sharedCounters || redis !== undefined,
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
    ...(redis ? { lock: createRedisLock(redis, metrics) } : {}),
    ...(options.issueRefreshMs !== undefined ? { issueRefreshMs: options.issueRefreshMs } : {}),
  });
  worker.recover(entries);

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
    worker,
    limits,
    metrics,
    log,
    maxBodyBytes: config.maxBodyBytes,
    bodyTimeoutMs: config.bodyTimeoutMs,
    maxSpoolEntries: config.maxSpoolEntries,
    trustProxy: config.trustProxy,
    onAccepted: (report) => watch("reportAccepted", () => observer?.reportAccepted?.(report)),
  });
  const adminDeps = { adminToken: config.adminToken, metrics, spool, worker, resolver, getOctokit };
  const router = createRouter(
    { crash, stats: createStatsHandler(adminDeps), promote: createPromoteHandler(adminDeps) },
    { spool, log },
  );

  const appFn: ApplicationFunction = (app, { addHandler }) => {
    probot = app;
    onIssueClosed(app, { repo: config.triageRepo, resolver, metrics });
    if (observer?.githubEvent) {
      app.onAny(({ name, payload }) =>
        watch("githubEvent", () => observer.githubEvent?.(name, payload)),
      );
    }
    addHandler(router);
    worker.start();
  };

  return {
    appFn,
    Octokit: createOctokitClass(config, metrics),
    log,
    metrics,
    worker,
    spool,
    async close() {
      await worker.stop();
      await spool.close();
      await ledger.close();
      redis?.disconnect();
    },
  };
}
