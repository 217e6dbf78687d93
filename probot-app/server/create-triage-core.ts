import type { Logger, Probot, ProbotOctokit } from "probot";
import type { CrashfixConfig } from "../config/read-env-config.js";
import type { RedisConnections } from "../redis/open-redis.js";
import { createRedisTriageMemo } from "../redis/redis-triage-memo.js";
import { CountersWriter } from "../worker/counters-writer.js";
import { createOctokitClass } from "../worker/create-octokit-class.js";
import type { TriageOctokit } from "../worker/github-types.js";
import { IssueResolver } from "../worker/issue-resolver.js";
import { TriageWriter } from "../worker/triage-writer.js";
import { createWindowBudget, type WindowBudget } from "../worker/window-budget.js";
import type { Metrics } from "./metrics.js";

export type TriageCore = {
  resolver: IssueResolver;
  writer: TriageWriter;
  budget: WindowBudget;
  // The Octokit class with the ingest's throttling, retry and ETag policy,
  // for Probot.defaults({ Octokit }).
  Octokit: typeof ProbotOctokit;
};

// What writes to the triage repo, the same for the server and the flush
// entry point: with Redis, the write budget, the new-issue cap, the request
// pacing and what is known of the triage repo are shared by every instance.
export function createTriageCore(
  config: CrashfixConfig,
  deps: { log: Logger; metrics: Metrics; redis?: RedisConnections; issueRefreshMs?: number },
): TriageCore {
  const { metrics, redis } = deps;
  const shared = redis?.shared;
  const budget = createWindowBudget(
    [
      { points: config.writesPerMinute, seconds: 60 },
      { points: config.writesPerHour, seconds: 3_600 },
    ],
    { keyPrefix: redis?.keys.writes ?? "writes", redis: shared },
  );
  const newIssues = createWindowBudget([{ points: config.maxNewIssuesPerHour, seconds: 3_600 }], {
    keyPrefix: redis?.keys.newIssues ?? "new-issues",
    redis: shared,
  });
  const memo = redis ? createRedisTriageMemo(redis.shared, redis.keys) : undefined;
  const resolver = new IssueResolver({
    repo: config.triageRepo,
    metrics,
    newIssues,
    lockWaitMs: config.lockWaitMs,
    ...(memo ? { memo } : {}),
  });
  // Several instances share the triage repo: every counters edit reads the
  // comment first (under the fingerprint's lock, with Redis).
  const counters = new CountersWriter(config.triageRepo, metrics, {
    rereadBeforeWrite: config.sharedCounters || redis !== undefined,
    ...(memo ? { memo } : {}),
  });
  const writer = new TriageWriter({
    resolver,
    counters,
    metrics,
    log: deps.log,
    ...(deps.issueRefreshMs !== undefined ? { issueRefreshMs: deps.issueRefreshMs } : {}),
  });
  return {
    resolver,
    writer,
    budget,
    Octokit: createOctokitClass(config, metrics, redis?.cluster),
  };
}

// The installation's Octokit, made on first use (the installation is looked
// up unless configured) and made again after a failure.
export function installationOctokit(
  config: CrashfixConfig,
  probotOf: () => Probot | undefined,
): () => Promise<TriageOctokit> {
  let octokit: Promise<TriageOctokit> | undefined;
  return () => {
    octokit ??= (async () => {
      const probot = probotOf();
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
}
