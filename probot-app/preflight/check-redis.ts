import { Redis } from "ioredis";
import type { RedisWait } from "../config/read-env-config.js";
import { describeRedisUrl } from "../redis/connect-redis.js";
import { probeRedisWait } from "../redis/redis-stream-spool.js";
import { replicaShortage } from "../redis/replica-shortage.js";
import { notRedisReason } from "./not-redis-reason.js";

/** What `crashfix-server check` learns from the Redis in CRASHFIX_REDIS_URL. */
export type RedisCheck = { ok: true; version: string } | { ok: false; problem: string };

// One connection attempt, no reconnects: a check answers now.
const CHECK_TIMEOUT_MS = 2_000;

/**
 * Connects once, reads the server's version, and asks whether it can give
 * what CRASHFIX_REDIS_WAIT asks for: with the same probe start refuses on,
 * and whether enough replicas are connected now (start only warns of that:
 * replicas may attach later, but until they do every report gets 503).
 */
export async function checkRedis(
  url: string,
  wait: RedisWait,
  options: { timeoutMs?: number } = {},
): Promise<RedisCheck> {
  const timeoutMs = options.timeoutMs ?? CHECK_TIMEOUT_MS;
  const where = describeRedisUrl(url);
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectionName: "crashfix-check",
  });
  // The socket's own error (ECONNREFUSED, ENOTFOUND) says more than the
  // "Connection is closed." connect() rejects with; without a listener
  // ioredis would print it.
  let socketError: Error | undefined;
  redis.on("error", (error: Error) => {
    socketError ??= error;
  });
  try {
    await redis.connect();
    const info = await redis.info("server");
    const version = /^redis_version:(\S+)/m.exec(info)?.[1] ?? "of unknown version";
    const problem = (await probeRedisWait(redis, wait)) ?? (await replicaShortage(redis, wait));
    return problem
      ? { ok: false, problem: `Redis ${version} at ${where}: ${problem}` }
      : { ok: true, version };
  } catch (error: unknown) {
    const cause = socketError ?? error;
    // ioredis appends "Please report this." to a protocol error it cannot
    // parse: not advice for an operator.
    const message = (cause instanceof Error ? cause.message : String(cause)).replace(
      /\. Please report this\.$/,
      "",
    );
    if (/NOAUTH|WRONGPASS|\bAUTH\b|invalid password|invalid username/i.test(message)) {
      return {
        ok: false,
        problem: `Redis at ${where} refused the credentials in CRASHFIX_REDIS_URL: set redis://USER:PASSWORD@HOST:PORT to an account it accepts`,
      };
    }
    const notRedis = await notRedisReason(url, timeoutMs);
    if (notRedis) {
      return {
        ok: false,
        problem: `${where} answered, but is not Redis (${notRedis}): set CRASHFIX_REDIS_URL to where Redis runs`,
      };
    }
    return {
      ok: false,
      problem: `cannot reach Redis at ${where} (${message.slice(0, 120)}): start it, or set CRASHFIX_REDIS_URL to where it runs`,
    };
  } finally {
    redis.disconnect();
  }
}
