import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Metrics } from "../server/metrics.js";

// Serializes the flush of one fingerprint across ingest instances that share
// Redis: GitHub has no compare-and-swap for comments, so two instances must
// not read-modify-write one counters comment at the same time.
export type FingerprintLock = {
  // Resolves to a release function, or undefined when another holder has it
  // (or the lock cannot be reached): the caller then tries again next flush.
  acquire(fingerprint: string): Promise<(() => Promise<void>) | undefined>;
};

export const localOnlyLock: FingerprintLock = {
  acquire: async () => async () => {},
};

// Deletes the key only if it still holds our token, so an expired lock that
// someone else re-took is never released by us.
// https://redis.io/docs/latest/develop/use/patterns/distributed-locks/
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export function createRedisLock(redis: Redis, metrics: Metrics, ttlMs = 60_000): FingerprintLock {
  return {
    async acquire(fingerprint) {
      const key = `crashfix:flush-lock:${fingerprint}`;
      const token = randomUUID();
      let answer: string | null;
      try {
        answer = await redis.set(key, token, "PX", ttlMs, "NX");
      } catch {
        metrics.count("flush_lock_unavailable");
        return undefined;
      }
      if (answer !== "OK") {
        metrics.count("flush_lock_busy");
        return undefined;
      }
      return async () => {
        try {
          await redis.eval(RELEASE, 1, key, token);
        } catch {
          // Expires by itself after ttlMs.
          metrics.count("flush_lock_release_failed");
        }
      };
    },
  };
}
