import type { Redis } from "ioredis";
import type { RedisWait } from "../config/read-env-config.js";
import {
  type ReportIdLedger,
  type ReportSpool,
  SpoolFullError,
  SpoolUnavailableError,
  SpoolUnconfirmedError,
  SpoolUnreachableError,
} from "../spool/report-spool.js";
import type { ConfirmLog } from "./confirm-log.js";
import { connectionEpoch, isRedisUnreachable } from "./connect-redis.js";
import type { FingerprintLock, HeldLock } from "./fingerprint-lock.js";
import type { RedisKeys } from "./redis-keys.js";
import { spoolScripts } from "./spool-scripts.js";

export type RedisSpoolOptions = {
  // The "ingest" connection: WAITAOF/WAIT block it while they wait.
  redis: Redis;
  keys: RedisKeys;
  reportIdTtlMs: number;
  maxEntries: number;
  wait: RedisWait;
  waitTimeoutMs: number;
  // Told whether each wait was confirmed, to log a run of misses once.
  confirmations?: ConfirmLog;
  // The fingerprints' flush locks, which forget takes so that no flush of
  // the fingerprint is half-way, and how long it waits for one.
  lock: FingerprintLock;
  lockWaitMs: number;
};

// The spool when instances keep no state of their own: a report is appended
// to a Redis stream (the intake), together with its report id, in one
// script. Flushers of any instance read the intake through a consumer group
// (stream-flusher.ts). A 202 means Redis applied the write; what survives a
// Redis crash then depends on its persistence, and CRASHFIX_REDIS_WAIT makes
// the 202 wait for an AOF fsync (WAITAOF, Redis >= 7.2) and/or replicas.
export function createRedisSpool(options: RedisSpoolOptions): ReportSpool {
  const { redis, keys, wait } = options;
  const scripts = spoolScripts(redis, keys);
  const epoch = connectionEpoch(redis);

  const waitDurable = async (since: number): Promise<void> => {
    if (wait.aof === 0 && wait.replicas === 0) return;
    let confirmed: boolean;
    try {
      if (wait.aof === 1) {
        const reply = await redis.call("WAITAOF", 1, wait.replicas, options.waitTimeoutMs);
        const [local = 0, replicas = 0] = (reply as unknown[]).map(Number);
        confirmed = local >= 1 && replicas >= wait.replicas;
      } else {
        confirmed = (await redis.wait(wait.replicas, options.waitTimeoutMs)) >= wait.replicas;
      }
    } catch (error: unknown) {
      throw spoolError(explainWaitError(error, wait), error);
    }
    // A reconnect in between voids the answer: part of an outage, which
    // the connections log (outage-log.ts).
    if (epoch() !== since) {
      throw new SpoolUnreachableError(
        "the connection to Redis dropped while it confirmed the report",
      );
    }
    if (!confirmed) {
      options.confirmations?.missed();
      throw new SpoolUnconfirmedError(
        `Redis did not confirm the report (CRASHFIX_REDIS_WAIT) within ${options.waitTimeoutMs} ms`,
      );
    }
    options.confirmations?.confirmed();
  };

  return {
    async accept(report, receivedAt) {
      const since = epoch();
      let answer: number;
      try {
        answer = await scripts.accept(
          {
            id: report.report_id,
            fingerprint: report.fingerprint,
            json: JSON.stringify(report),
            receivedAt,
          },
          options.reportIdTtlMs,
          options.maxEntries,
        );
      } catch (error: unknown) {
        throw spoolError("cannot store the report in Redis", error);
      }
      if (answer === -1) throw new SpoolFullError(options.maxEntries);
      await waitDurable(since);
      return answer === 1 ? "stored" : "duplicate";
    },
    async depth() {
      return Number((await redis.get(keys.depth)) ?? 0);
    },
    async forget(fingerprint) {
      const held = await takeLock(options, fingerprint);
      try {
        // Reports still in the intake (not yet sorted by a flusher), then the
        // fingerprint's own stream and its report ids.
        const intake: string[] = [];
        for (let start = "-"; ; ) {
          const page = (await redis.xrange(keys.intake, start, "+", "COUNT", 1_000)) as [
            string,
            string[],
          ][];
          for (const [id, fields] of page) {
            if (fields[fields.indexOf("f") + 1] === fingerprint) intake.push(id);
          }
          const last = page.at(-1);
          if (!last || page.length < 1_000) break;
          start = `(${last[0]}`;
        }
        const dropped = intake.length > 0 ? await scripts.dropIntake(intake) : 0;
        const rest = await scripts.forget(fingerprint);
        return { reports: dropped + rest.reports, ids: rest.ids };
      } catch (error: unknown) {
        throw new SpoolUnavailableError("cannot forget the fingerprint in Redis", { cause: error });
      } finally {
        await held.release();
      }
    },
    // The connection belongs to whoever opened it (the app).
    async close() {},
  };
}

export function createRedisReportIds(redis: Redis, keys: RedisKeys): ReportIdLedger {
  return {
    async has(fingerprint, reportId) {
      const expires = await redis.zscore(keys.reportIds(fingerprint), reportId);
      return expires !== null && Number(expires) > Date.now();
    },
  };
}

// A flush of the fingerprint holds its lock for at most one lease.
async function takeLock(
  options: Pick<RedisSpoolOptions, "lock" | "lockWaitMs">,
  fingerprint: string,
): Promise<HeldLock> {
  const deadline = Date.now() + options.lockWaitMs;
  for (;;) {
    const held = await options.lock.acquire(fingerprint);
    if (held) return held;
    if (Date.now() > deadline) {
      throw new SpoolUnavailableError(
        "a flush of the fingerprint held its lock past one lease (CRASHFIX_FLUSH_LOCK_MS), or Redis is unreachable",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function spoolError(message: string, cause: unknown): SpoolUnavailableError {
  return isRedisUnreachable(cause)
    ? new SpoolUnreachableError(message, { cause })
    : new SpoolUnavailableError(message, { cause });
}

// What an operator must change when the server cannot give what
// CRASHFIX_REDIS_WAIT asks for.
export function explainWaitError(error: unknown, wait: RedisWait): string {
  const message = error instanceof Error ? error.message : String(error);
  if (wait.aof === 1 && /unknown command/i.test(message)) {
    return "CRASHFIX_REDIS_WAIT=aof needs WAITAOF, which Redis has since 7.2: upgrade Redis, or set appendfsync always on it and CRASHFIX_REDIS_WAIT=none";
  }
  if (wait.aof === 1 && /appendonly/i.test(message)) {
    return "CRASHFIX_REDIS_WAIT=aof needs the append-only file: set appendonly yes on the Redis server";
  }
  return `Redis refused the wait for CRASHFIX_REDIS_WAIT: ${message}`;
}

// Asks the server whether it can give what CRASHFIX_REDIS_WAIT asks for;
// resolves to the reason it cannot, or undefined (also when Redis cannot be
// reached now: requests then get 503 until it can).
export async function probeRedisWait(redis: Redis, wait: RedisWait): Promise<string | undefined> {
  if (wait.aof === 0) return undefined;
  try {
    await redis.call("WAITAOF", 1, 0, 1);
    return undefined;
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    return /unknown command|appendonly/i.test(message) ? explainWaitError(error, wait) : undefined;
  }
}
