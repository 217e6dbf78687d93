import type { Redis } from "ioredis";
import type { Metrics } from "../server/metrics.js";
import type { RedisKeys } from "./redis-keys.js";
import type { SpoolScripts } from "./spool-scripts.js";

const PAGE = 1_000;
// Bounds one pass, so a flusher also gets to GitHub during a long storm.
const MAX_PER_PASS = 50_000;

// Moves reports from the intake to their fingerprint's stream, through the
// consumer group: entries a dead consumer read but never moved are taken
// over once idle for `claimIdleMs` (XAUTOCLAIM, Redis >= 6.2, then SORT),
// then new entries are read and moved in one script (READ_AND_SORT), so
// the reports stay in Redis and no entry is left pending.
// https://redis.io/docs/latest/develop/data-types/streams/#consumer-groups
export async function claimIntake(options: {
  redis: Redis;
  keys: RedisKeys;
  scripts: SpoolScripts;
  consumer: string;
  claimIdleMs: number;
  metrics: Metrics;
}): Promise<number> {
  const { redis, keys, consumer } = options;
  await ensureGroup(redis, keys);
  let moved = 0;
  for (let cursor = "0-0", rounds = 0; rounds < MAX_PER_PASS / PAGE; rounds += 1) {
    const [next, ids] = (await redis.xautoclaim(
      keys.intake,
      keys.group,
      consumer,
      options.claimIdleMs,
      cursor,
      "COUNT",
      PAGE,
      "JUSTID",
    )) as [string, string[]];
    if (ids.length > 0) {
      options.metrics.count("intake_reclaimed", ids.length);
      moved += await options.scripts.sort(ids);
    }
    if (next === "0-0") break;
    cursor = next;
  }
  while (moved < MAX_PER_PASS) {
    const page = await options.scripts.readAndSort(consumer, PAGE);
    moved += page.moved;
    if (page.read < PAGE) break;
  }
  return moved;
}

// The group reads from the intake's beginning ("0"), so reports accepted
// before any flusher ran are delivered too; an existing group is kept.
export async function ensureGroup(redis: Redis, keys: RedisKeys): Promise<void> {
  try {
    await redis.xgroup("CREATE", keys.intake, keys.group, "0", "MKSTREAM");
  } catch (error: unknown) {
    if (!(error instanceof Error && error.message.includes("BUSYGROUP"))) throw error;
  }
}

// A consumer with nothing pending is removed from the group (a serverless
// flush is a new consumer each time); one that still holds entries stays,
// so XAUTOCLAIM can take them over.
export async function leaveGroup(redis: Redis, keys: RedisKeys, consumer: string): Promise<void> {
  const pending = (await redis.xpending(
    keys.intake,
    keys.group,
    "-",
    "+",
    1,
    consumer,
  )) as unknown[];
  if (pending.length === 0) await redis.xgroup("DELCONSUMER", keys.intake, keys.group, consumer);
}

// Consumers of instances that are gone and held nothing (a killed instance
// leaves its name behind) are removed once idle for `idleMs`.
export async function pruneConsumers(redis: Redis, keys: RedisKeys, idleMs: number): Promise<void> {
  const consumers = (await redis.xinfo("CONSUMERS", keys.intake, keys.group)) as unknown[][];
  for (const fields of consumers) {
    const info = new Map<unknown, unknown>();
    for (let i = 0; i + 1 < fields.length; i += 2) info.set(fields[i], fields[i + 1]);
    if (Number(info.get("pending")) === 0 && Number(info.get("idle")) > idleMs) {
      await redis.xgroup("DELCONSUMER", keys.intake, keys.group, String(info.get("name")));
    }
  }
}
