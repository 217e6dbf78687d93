import type { Logger } from "probot";
import type { CrashfixConfig } from "../config/read-env-config.js";
import { openRedisStores, type RedisConnections } from "../redis/open-redis.js";
import { Ledger } from "../spool/ledger.js";
import { createLocalReportIds, createLocalSpool } from "../spool/local-report-spool.js";
import type { Flusher, ReportIdLedger, ReportSpool } from "../spool/report-spool.js";
import { SpoolLog } from "../spool/spool-log.js";
import { FlushWorker } from "../worker/flush-worker.js";
import type { TriageOctokit } from "../worker/github-types.js";
import type { TriageWriter } from "../worker/triage-writer.js";
import type { WindowBudget } from "../worker/window-budget.js";
import type { Metrics } from "./metrics.js";

export type StoreDeps = {
  config: CrashfixConfig;
  log: Logger;
  metrics: Metrics;
  writer: TriageWriter;
  getOctokit: () => Promise<TriageOctokit>;
  budget: WindowBudget;
};

// Where an instance keeps accepted reports until GitHub has their count.
export type Stores = {
  spool: ReportSpool;
  reportIds: ReportIdLedger;
  flusher: Flusher;
  close(): Promise<void>;
};

// Redis when the instance has it (it then keeps no state of its own), else
// the local spool directory, recovered from what a previous run left.
export async function openStores(deps: StoreDeps, redis?: RedisConnections): Promise<Stores> {
  return redis ? openRedisStores(deps, redis) : openLocalStores(deps);
}

async function openLocalStores(deps: StoreDeps): Promise<Stores> {
  const { config, log } = deps;
  const { spool, entries } = await SpoolLog.open(config.spoolDir);
  const ledger = await Ledger.open(config.spoolDir, { maxIds: config.countedIds });
  if (spool.damaged > 0) log.warn({ damaged: spool.damaged }, "skipped torn spool lines");
  const worker = new FlushWorker({
    spool,
    ledger,
    writer: deps.writer,
    getOctokit: deps.getOctokit,
    metrics: deps.metrics,
    log,
    flushIntervalMs: config.flushIntervalMs,
    budget: deps.budget,
  });
  worker.recover(entries);
  return {
    spool: createLocalSpool(spool, worker, config.maxSpoolEntries),
    reportIds: createLocalReportIds(worker),
    flusher: worker,
    async close() {
      await worker.stop();
      await spool.close();
      await ledger.close();
    },
  };
}
