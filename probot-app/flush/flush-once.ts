import pino from "pino";
import { type Logger, Probot } from "probot";
import { ConfigError } from "../config/config-error.js";
import type { CrashfixConfig } from "../config/read-env-config.js";
import { checkTriageRepo } from "../preflight/check-triage-repo.js";
import { checkBeforeFiling, gateFiling } from "../preflight/filing-gate.js";
import { describeRedisUrl, isRedisUnreachable } from "../redis/connect-redis.js";
import { openRedis, openRedisStores } from "../redis/open-redis.js";
import type { FlushSummary } from "../redis/stream-flusher.js";
import { createTriageCore, installationOctokit } from "../server/create-triage-core.js";
import { Metrics } from "../server/metrics.js";
import { probotOptions } from "../server/probot-options.js";
import { SpoolUnavailableError } from "../spool/report-spool.js";

export type FlushOnceResult = FlushSummary & {
  // Reports accepted and not yet counted once the drain ended (due later:
  // paced, over a budget, or waiting for GitHub to recover).
  left: number;
};

// One drain of the Redis spool, for a scheduler: what
// `crashfix-server flush --once` and a serverless flush function run.
// Nothing of it outlives the call: it opens its own connections, moves new
// reports out of the intake, flushes the fingerprints that are due (until
// none is, or until `deadlineMs` has passed), leaves the consumer group and
// closes. Any number may run at once, beside long-running instances.
export async function flushOnce(
  config: CrashfixConfig,
  options: { log?: Logger; deadlineMs?: number } = {},
): Promise<FlushOnceResult> {
  if (!config.redisUrl) {
    throw new ConfigError([
      "flush --once drains the Redis spool: set CRASHFIX_REDIS_URL (a local spool is drained by the crashfix-server that owns it)",
    ]);
  }
  // Logs go to stderr: stdout is the command's answer.
  const log =
    options.log ?? pino({ level: config.logLevel, name: "crashfix-flush" }, pino.destination(2));
  const metrics = new Metrics();
  const redis = await openRedis(config, log);
  try {
    const core = createTriageCore(config, { log, metrics, redis });
    const probot = new Probot(probotOptions(config, core.Octokit, log));
    const beforeFiling = checkBeforeFiling(() => checkTriageRepo(config), log);
    const { spool, flusher } = openRedisStores(
      {
        config,
        log,
        metrics,
        writer: core.writer,
        getOctokit: gateFiling(
          installationOctokit(config, () => probot),
          () => beforeFiling,
        ),
        budget: core.budget,
      },
      redis,
    );
    const summary = await flusher.drain(
      Date.now() + (options.deadlineMs ?? config.flushDeadlineMs),
    );
    await flusher.stop();
    return { ...summary, left: await spool.depth() };
  } catch (error: unknown) {
    if (!isRedisUnreachable(error)) throw error;
    throw new SpoolUnavailableError(`cannot reach Redis at ${describeRedisUrl(config.redisUrl)}`, {
      cause: error,
    });
  } finally {
    await redis.close();
  }
}
