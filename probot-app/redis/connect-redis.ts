import { Redis } from "ioredis";
import type { OutageLog } from "./outage-log.js";

export type RedisRole = "ingest" | "shared" | "throttle" | "throttle-subscriber";

// One Redis connection of an ingest instance.
// "ingest" carries the accept script and the WAITAOF/WAIT that blocks its
// connection; "shared" the rate limits, budgets, locks and the flusher. On
// these a command issued while Redis is unreachable fails after one
// reconnect attempt (about two seconds at most) instead of queueing, so
// POST /v1/crash answers 503 and the client keeps the report, and a command
// that hangs fails after `commandTimeoutMs`.
// "throttle" and "throttle-subscriber" are Bottleneck's (the GitHub pacing
// shared by the instances). Their commands wait for Redis however long it
// is away, because Bottleneck cannot recover from a dropped one: a limiter
// whose setup failed keeps failing, a running job whose release failed
// holds its slot (writes are one at a time for all instances) until the
// job's 60 s expiration, and a SUBSCRIBE that failed is never sent again.
// A flush waiting on them is bounded by its lock (fingerprint-lock.ts). A
// command that was on the wire when the connection dropped is not sent
// again: it may have run, and Bottleneck's scripts are not idempotent.
export function connectRedis(
  url: string,
  options: { role: RedisRole; outages: OutageLog; commandTimeoutMs?: number },
): Redis {
  const waits = options.role === "throttle" || options.role === "throttle-subscriber";
  const redis = new Redis(url, {
    connectionName: `crashfix-${options.role}`,
    connectTimeout: 2_000,
    ...(waits
      ? { maxRetriesPerRequest: null, autoResendUnfulfilledCommands: false }
      : {
          maxRetriesPerRequest: 1,
          commandTimeout: options.commandTimeoutMs ?? 5_000,
          // Commands issued in the same tick (many requests at once) go out
          // in one write.
          enableAutoPipelining: true,
        }),
  });
  options.outages.watch(redis);
  return redis;
}

// Counts the connection's reconnects: a WAITAOF/WAIT only speaks for writes
// sent on the same connection, so a reconnect in between voids it.
export function connectionEpoch(redis: Redis): () => number {
  let epoch = 0;
  redis.on("close", () => {
    epoch += 1;
  });
  return () => epoch;
}

// Whether an error says Redis could not be reached (rather than refused a
// command): the caller answers 503 or exits 1, and reports stay where they are.
export function isRedisUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === "MaxRetriesPerRequestError" ||
    /Connection is closed|Command timed out|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH/.test(
      error.message,
    )
  );
}

// The Redis URL for a message: scheme, host and port, never the password.
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return "CRASHFIX_REDIS_URL";
  }
}
