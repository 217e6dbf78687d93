import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Report } from "../../redact/index.js";
import { FilingHeldError } from "../preflight/filing-gate.js";
import type { StoreDeps } from "../server/open-stores.js";
import type { Flusher } from "../spool/report-spool.js";
import { NEVER, runAbortable } from "../worker/flush-signal.js";
import { githubFailureFields } from "../worker/github-failure.js";
import type { TriageOctokit } from "../worker/github-types.js";
import { PassTimer } from "../worker/pass-timer.js";
import { uniqueById } from "../worker/triage-writer.js";
import { claimIntake, leaveGroup, pruneConsumers } from "./claim-intake.js";
import { isRedisUnreachable } from "./connect-redis.js";
import type { FingerprintLock, HeldLock } from "./fingerprint-lock.js";
import type { RedisKeys } from "./redis-keys.js";
import { isPartOfRedisOutage } from "./redis-outage-error.js";
import { type SpoolScripts, spoolScripts } from "./spool-scripts.js";

export type StreamFlusherOptions = Omit<StoreDeps, "config"> & {
  // The "shared" connection.
  redis: Redis;
  keys: RedisKeys;
  // This flusher's name in the consumer group, unique per process.
  consumer: string;
  lock: FingerprintLock;
  flushIntervalMs: number;
  claimIdleMs: number;
  maxBatch?: number;
};

export type FlushSummary = { counted: number; flushed: number; deferred: number; failed: number };

// The batch being written to GitHub for a fingerprint: every report of the
// fingerprint's stream up to lastId. Journaled in Redis before the counters
// edit, so whoever flushes the fingerprint next (another instance, if this
// one dies) replays it with the same id, and the counters comment, which
// lists the batch ids it applied, counts it once.
type OpenBatch = { batchId: string; lastId: string; holder: string };

type StreamEntry = [id: string, fields: string[]];

const PRUNE_EVERY_MS = 3_600_000;

// Drains the Redis spool to GitHub. Any number of flushers, in any number of
// instances or serverless invocations, run side by side: each pass moves new
// reports out of the intake, then flushes the fingerprints that are due,
// each under its fingerprint's lock, at most one counters edit per
// fingerprint per flush interval for all instances together.
export class StreamFlusher implements Flusher {
  readonly #o: StreamFlusherOptions;
  readonly #scripts: SpoolScripts;
  readonly #timer: PassTimer;
  readonly #maxBatch: number;
  #prunedAt = 0;

  constructor(options: StreamFlusherOptions) {
    this.#o = options;
    this.#scripts = spoolScripts(options.redis, options.keys);
    this.#maxBatch = options.maxBatch ?? 5_000;
    // Redis unreachable: this pass fails, the next one tries again, and
    // the outage has its own line in the log (outage-log.ts).
    this.#timer = new PassTimer(options.flushIntervalMs, (stopping) =>
      this.flushOnce(stopping).catch((error: unknown) => {
        if (isRedisUnreachable(error)) return;
        options.log.warn({ err: error }, "flush pass failed; reports stay in Redis");
      }),
    );
  }

  start(): void {
    this.#timer.start();
  }

  // Stops the timer, waits for a pass in progress and leaves the consumer
  // group when this flusher holds nothing.
  async stop(): Promise<void> {
    await this.#timer.stop();
    await leaveGroup(this.#o.redis, this.#o.keys, this.#o.consumer).catch(() => {});
  }

  // `stopping` (the flusher is stopping): the pass ends after the
  // fingerprint in progress; the rest stay due in Redis.
  async flushOnce(stopping?: AbortSignal): Promise<FlushSummary> {
    const { redis, keys, metrics } = this.#o;
    const summary: FlushSummary = { counted: 0, flushed: 0, deferred: 0, failed: 0 };
    await claimIntake({ ...this.#o, scripts: this.#scripts });
    if (Date.now() - this.#prunedAt > PRUNE_EVERY_MS) {
      this.#prunedAt = Date.now();
      await pruneConsumers(redis, keys, PRUNE_EVERY_MS);
    }
    const now = await redisNow(redis);
    const due = await redis.zrangebyscore(keys.due, "-inf", now, "LIMIT", 0, 1_000);
    if (due.length === 0) return summary;
    let octokit: TriageOctokit;
    try {
      // Given up when the flusher stops: GitHub out of reach, Octokit's
      // retries of the installation token would hold a shutdown for a minute.
      octokit = await runAbortable(stopping ?? NEVER, () => this.#o.getOctokit());
    } catch (error: unknown) {
      // The triage repo check logged why, once; the reports wait.
      if (error instanceof FilingHeldError) {
        metrics.count("flushes_held");
        summary.failed = due.length;
        return summary;
      }
      metrics.count("github_auth_failures");
      this.#o.log.warn(
        githubFailureFields(error),
        "cannot authenticate to GitHub; reports stay in Redis",
      );
      summary.failed = due.length;
      return summary;
    }
    const renewToken = this.#o.writer.tokenRenewalForPass();
    for (const fingerprint of due) {
      if (stopping?.aborted) break;
      const lock = await this.#o.lock.acquire(fingerprint);
      if (!lock) continue;
      try {
        // Bounded by the lock: given up (and its GitHub requests aborted)
        // once the lock says so.
        await runAbortable(lock.signal, async () => {
          await renewToken(octokit);
          await this.#flushFingerprint(octokit, fingerprint, lock, summary);
        });
      } catch (error: unknown) {
        summary.failed += 1;
        if (isPartOfRedisOutage(error)) metrics.count("flush_failures");
        else this.#o.writer.failed(fingerprint, error);
        await this.#backOff(fingerprint).catch(() => {});
      } finally {
        await lock.release();
      }
    }
    return summary;
  }

  // Passes until nothing is due now, or until `deadline` (a serverless
  // function's time limit): the flush entry point a scheduler calls.
  async drain(deadline: number): Promise<FlushSummary> {
    const total: FlushSummary = { counted: 0, flushed: 0, deferred: 0, failed: 0 };
    do {
      const pass = await this.flushOnce();
      total.counted += pass.counted;
      total.flushed += pass.flushed;
      total.deferred += pass.deferred;
      total.failed += pass.failed;
      if (pass.flushed === 0) break;
    } while (Date.now() < deadline);
    return total;
  }

  async #flushFingerprint(
    octokit: TriageOctokit,
    fingerprint: string,
    lock: HeldLock,
    summary: FlushSummary,
  ): Promise<void> {
    const { redis, keys, metrics, writer } = this.#o;
    // Another instance may have flushed it since the due list was read.
    const dueAt = await redis.zscore(keys.due, fingerprint);
    if (dueAt === null || Number(dueAt) > (await redisNow(redis))) return;
    const open = parseOpenBatch(await redis.get(keys.openBatch(fingerprint)));
    const entries = open
      ? await readStream(redis, keys.reports(fingerprint), open.lastId, Number.POSITIVE_INFINITY)
      : await readStream(redis, keys.reports(fingerprint), "+", this.#maxBatch);
    const last = entries.at(-1);
    if (!last) {
      if (open) await this.#scripts.done(fingerprint, open.lastId, this.#o.flushIntervalMs);
      else await this.#scripts.settle(fingerprint);
      return;
    }
    const reports = entries.map(([id, fields]) => ({ id, report: reportOf(fields) }));
    const sample = reports[0]?.report as Report;
    if (!(await this.#o.budget.tryTake(writer.costOf(fingerprint)))) {
      metrics.count("flushes_deferred_budget");
      summary.deferred += 1;
      await this.#dueAgain(fingerprint);
      return;
    }
    const issue = await writer.issueFor(octokit, fingerprint, sample);
    if (!issue) {
      summary.deferred += 1;
      await this.#dueAgain(fingerprint);
      return;
    }
    const batch: OpenBatch = open ?? {
      batchId: randomUUID(),
      lastId: last[0],
      holder: this.#o.consumer,
    };
    if (open) metrics.count("batches_replayed");
    else await redis.set(keys.openBatch(fingerprint), JSON.stringify(batch));
    // The lease could have lapsed (Redis unreachable longer than it lasts):
    // then another flusher may be editing the same comment.
    if (!(await lock.held())) throw new Error("lost the fingerprint's flush lock");
    const unique = uniqueById(reports.map(({ report }) => ({ id: report.report_id, report })));
    await writer.apply(octokit, fingerprint, issue, [{ batchId: batch.batchId, reports: unique }]);
    const full = entries.length >= this.#maxBatch;
    await this.#scripts.done(fingerprint, batch.lastId, this.#o.flushIntervalMs, full);
    metrics.count("reports_counted", unique.length);
    summary.counted += unique.length;
    summary.flushed += 1;
  }

  async #dueAgain(fingerprint: string, afterMs = this.#o.flushIntervalMs): Promise<void> {
    const { redis, keys } = this.#o;
    await redis.zadd(keys.due, "XX", (await redisNow(redis)) + afterMs, fingerprint);
  }

  // Failures of one fingerprint, counted in Redis for every instance, push
  // its next attempt back: interval, twice that, ... at most a minute.
  async #backOff(fingerprint: string): Promise<void> {
    const failures = await this.#o.redis.hincrby(this.#o.keys.failures, fingerprint, 1);
    const wait = Math.min(60_000, this.#o.flushIntervalMs * 2 ** Math.min(failures, 6));
    await this.#dueAgain(fingerprint, wait);
  }
}

// A fingerprint's stream up to `lastId`, at most `max` entries, read a
// page at a time: a batch of thousands of reports (about 700 bytes each) is
// then parsed in slices, and requests the instance accepts meanwhile are
// not held behind one large reply.
const PAGE = 500;

async function readStream(
  redis: Redis,
  key: string,
  lastId: string,
  max: number,
): Promise<StreamEntry[]> {
  const entries: StreamEntry[] = [];
  for (let start = "-"; entries.length < max; ) {
    const count = Math.min(PAGE, max - entries.length);
    const page = (await redis.xrange(key, start, lastId, "COUNT", count)) as StreamEntry[];
    entries.push(...page);
    const last = page.at(-1);
    if (!last || page.length < count) break;
    start = `(${last[0]}`;
  }
  return entries;
}

async function redisNow(redis: Redis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

function reportOf(fields: readonly string[]): Report {
  return JSON.parse(fields[fields.indexOf("r") + 1] ?? "null") as Report;
}

function parseOpenBatch(value: string | null): OpenBatch | undefined {
  if (value === null) return undefined;
  const parsed = JSON.parse(value) as Partial<OpenBatch>;
  if (typeof parsed.batchId !== "string" || typeof parsed.lastId !== "string") return undefined;
  return { batchId: parsed.batchId, lastId: parsed.lastId, holder: String(parsed.holder) };
}
