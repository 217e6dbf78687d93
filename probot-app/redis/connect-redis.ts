import { Redis } from "ioredis";
import type { Logger } from "probot";

export type RedisRole = "ingest" | "shared" | "throttle";

// One Redis connection of an ingest instance. A command issued while Redis
// is unreachable fails after one reconnect attempt (about two seconds at
// most) instead of queueing, so POST /v1/crash answers 503 and the client
// keeps the report; a command that hangs fails after `commandTimeoutMs`.
// Roles: "ingest" carries the accept script and the WAITAOF/WAIT that
// blocks its connection; "shared" the rate limits, budgets, locks and the
// flusher; "throttle" Bottleneck's, shared by the instances' GitHub clients.
export function connectRedis(
  url: string,
  options: { role: RedisRole; log: Logger; commandTimeoutMs?: number },
): Redis {
  const redis = new Redis(url, {
    connectionName: `crashfix-${options.role}`,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: options.commandTimeoutMs ?? 5_000,
    // Commands issued in the same tick (many requests at once) go out in
    // one write; Bottleneck's connection keeps its own ordering.
    enableAutoPipelining: options.role !== "throttle",
  });
  // Say so once per outage rather than once per reconnect attempt.
  let down = false;
  redis.on("error", (error: unknown) => {
    if (!down) options.log.warn({ err: error, role: options.role }, "Redis unreachable");
    down = true;
  });
  redis.on("ready", () => {
    if (down) options.log.info({ role: options.role }, "Redis reachable again");
    down = false;
  });
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
