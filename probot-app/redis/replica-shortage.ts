import type { Redis } from "ioredis";
import type { RedisWait } from "../config/read-env-config.js";

// CRASHFIX_REDIS_WAIT as the operator wrote it, from its parsed form.
export function describeRedisWait(wait: RedisWait): string {
  const replicas = wait.replicas > 0 ? `replicas:${wait.replicas}` : "";
  if (wait.aof === 1) return replicas ? `aof+${replicas}` : "aof";
  return replicas || "none";
}

/**
 * Whether the server has fewer connected replicas (INFO replication,
 * connected_slaves) than CRASHFIX_REDIS_WAIT asks each report to reach:
 * until one more attaches, WAIT times out and every report gets 503.
 * Resolves to what to say, or undefined when there are enough.
 */
export async function replicaShortage(redis: Redis, wait: RedisWait): Promise<string | undefined> {
  if (wait.replicas === 0) return undefined;
  const info = await redis.info("replication");
  const connected = Number(/^connected_slaves:(\d+)/m.exec(info)?.[1] ?? 0);
  if (connected >= wait.replicas) return undefined;
  const asked = describeRedisWait(wait);
  return `CRASHFIX_REDIS_WAIT=${asked} asks for ${wait.replicas} connected replica${wait.replicas === 1 ? "" : "s"} and it has ${connected}, so every report gets 503: attach replicas to it (REPLICAOF on each), or set CRASHFIX_REDIS_WAIT to what it has`;
}
