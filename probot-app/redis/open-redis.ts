import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import Bottleneck from "bottleneck";
import { Redis } from "ioredis";
import type { Logger } from "probot";
import { ConfigError } from "../config/config-error.js";
import type { CrashfixConfig } from "../config/read-env-config.js";
import type { StoreDeps, Stores } from "../server/open-stores.js";
import type { ThrottleCluster } from "../worker/throttle-groups.js";
import { createConfirmLog } from "./confirm-log.js";
import { connectRedis, describeRedisUrl } from "./connect-redis.js";
import { createRedisLock } from "./fingerprint-lock.js";
import { createOutageLog } from "./outage-log.js";
import { type RedisKeys, redisKeys } from "./redis-keys.js";
import { createRedisReportIds, createRedisSpool, probeRedisWait } from "./redis-stream-spool.js";
import { replicaShortage } from "./replica-shortage.js";
import { StreamFlusher } from "./stream-flusher.js";

export type RedisConnections = {
  url: string;
  keys: RedisKeys;
  ingest: Redis;
  shared: Redis;
  cluster: ThrottleCluster;
  close(): Promise<void>;
};

// The instance's connections to the Redis that holds all of its state.
// Refuses to start when the server cannot give what CRASHFIX_REDIS_WAIT
// asks for; starts anyway when Redis is unreachable (reports get 503 until
// it is back, and the clients keep them) or has fewer replicas than it asks
// (they may attach later; it says so once).
export async function openRedis(config: CrashfixConfig, log: Logger): Promise<RedisConnections> {
  const url = config.redisUrl;
  if (!url) throw new ConfigError(["CRASHFIX_REDIS_URL is not set"]);
  const keys = redisKeys(config.triageRepo);
  const outages = createOutageLog(url, log);
  const ingest = connectRedis(url, {
    role: "ingest",
    outages,
    commandTimeoutMs: config.redisWaitTimeoutMs + 5_000,
  });
  const shared = connectRedis(url, { role: "shared", outages });
  const client = connectRedis(url, { role: "throttle", outages });
  // Bottleneck makes its subscriber with the client's duplicate().
  const subscriber = connectRedis(url, { role: "throttle-subscriber", outages });
  client.duplicate = () => subscriber;
  const connection = new Bottleneck.IORedisConnection({ client, Redis });
  // Already logged once per outage (outage-log.ts).
  connection.on("error", () => {});
  const close = async () => {
    await connection.disconnect(false);
    ingest.disconnect();
    shared.disconnect();
  };
  // The rate limits fall back to per-instance memory until the shared
  // connection is ready: be ready before the first request (or find Redis
  // unreachable, and start anyway).
  const [problem, shortage] = await Promise.all([
    probeRedisWait(ingest, config.redisWait),
    shared
      .ping()
      .then(() => replicaShortage(shared, config.redisWait))
      .catch(() => undefined),
  ]);
  if (problem) {
    await close();
    throw new ConfigError([problem]);
  }
  if (shortage)
    log.warn({ redis: describeRedisUrl(url) }, `Redis at ${describeRedisUrl(url)}: ${shortage}`);
  return { url, keys, ingest, shared, cluster: { connection, id: keys.throttleId }, close };
}

// The spool, report ids and flusher of an instance that keeps no state of
// its own.
export function openRedisStores(
  deps: StoreDeps,
  redis: RedisConnections,
): Stores & { flusher: StreamFlusher } {
  const { config, metrics, log } = deps;
  const { keys, shared } = redis;
  const consumer = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const lock = createRedisLock(shared, metrics, {
    key: keys.flushLock,
    holder: consumer,
    leaseMs: config.flushLockMs,
    maxHoldMs: config.flushTimeoutMs,
  });
  const flusher = new StreamFlusher({
    redis: shared,
    keys,
    consumer,
    writer: deps.writer,
    getOctokit: deps.getOctokit,
    lock,
    budget: deps.budget,
    metrics,
    log,
    flushIntervalMs: config.flushIntervalMs,
    claimIdleMs: config.claimIdleMs,
  });
  return {
    spool: createRedisSpool({
      redis: redis.ingest,
      keys,
      reportIdTtlMs: config.reportIdTtlMs,
      maxEntries: config.maxSpoolEntries,
      wait: config.redisWait,
      waitTimeoutMs: config.redisWaitTimeoutMs,
      confirmations: createConfirmLog(redis.url, config.redisWait, config.redisWaitTimeoutMs, log),
      lock,
      // A flush that holds it is done within one lease.
      lockWaitMs: config.flushLockMs + 1_000,
    }),
    reportIds: createRedisReportIds(shared, keys),
    flusher,
    async close() {
      await flusher.stop();
      await redis.close();
    },
  };
}
