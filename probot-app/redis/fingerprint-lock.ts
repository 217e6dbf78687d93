import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Metrics } from "../server/metrics.js";

// Serializes the flush of one fingerprint across ingest instances that share
// Redis: GitHub has no compare-and-swap for comments, so two instances must
// not read-modify-write one counters comment at the same time.
export type FingerprintLock = {
  // Resolves to the held lock, or undefined when another holder has it (or
  // the lock cannot be reached): the caller then tries again next flush.
  acquire(fingerprint: string): Promise<HeldLock | undefined>;
};

export type HeldLock = {
  // Whether the lease is still ours; checked right before writing to GitHub.
  held(): Promise<boolean>;
  release(): Promise<void>;
};

// Deletes (or extends) the key only if it still holds our token, so a lease
// that expired and was taken by someone else is never touched by us.
// https://redis.io/docs/latest/develop/use/patterns/distributed-locks/
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

export type RedisLockOptions = {
  key: (fingerprint: string) => string;
  // Who holds it, readable in the key's value (`<holder>:<uuid>`).
  holder: string;
  // The lease: renewed every third of it while held, so only a holder that
  // died keeps a fingerprint waiting, for at most this long.
  leaseMs: number;
};

export function createRedisLock(
  redis: Redis,
  metrics: Metrics,
  options: RedisLockOptions,
): FingerprintLock {
  return {
    async acquire(fingerprint) {
      const key = options.key(fingerprint);
      const token = `${options.holder}:${randomUUID()}`;
      let answer: string | null;
      try {
        answer = await redis.set(key, token, "PX", options.leaseMs, "NX");
      } catch {
        metrics.count("flush_lock_unavailable");
        return undefined;
      }
      if (answer !== "OK") {
        metrics.count("flush_lock_busy");
        return undefined;
      }
      let lost = false;
      const renew = setInterval(() => {
        redis.eval(EXTEND, 1, key, token, options.leaseMs).then(
          (extended) => {
            if (Number(extended) !== 1) lost = true;
          },
          // Unreachable for now: the lease may still be ours; held() asks.
          () => {},
        );
      }, options.leaseMs / 3);
      renew.unref();
      return {
        async held() {
          if (lost) return false;
          try {
            return (await redis.get(key)) === token;
          } catch {
            return false;
          }
        },
        async release() {
          clearInterval(renew);
          try {
            await redis.eval(RELEASE, 1, key, token);
          } catch {
            // Expires by itself after the lease.
            metrics.count("flush_lock_release_failed");
          }
        },
      };
    },
  };
}
