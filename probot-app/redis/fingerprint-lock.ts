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
  // Aborts once the holder must stop acting for the fingerprint: the lease
  // went to someone else, was not renewed for two renewals in a row (Redis
  // unreachable: it may lapse before we hear back; a third of it is left
  // for requests already on their way), or was held for `maxHoldMs`. Its
  // reason is an AbortError that says which.
  signal: AbortSignal;
  // Whether the lease is still ours; checked right before writing to GitHub.
  held(): Promise<boolean>;
  release(): Promise<void>;
};

// The lock was given up because Redis did not answer its renewals: part of
// an outage the connections log once (outage-log.ts), so the flush given up
// for it logs nothing more (redis/redis-outage-error.ts).
export class LeaseUnrenewedError extends DOMException {
  constructor(key: string) {
    super(
      `gave up the flush lock of ${key}: could not renew its lease (Redis unreachable)`,
      "AbortError",
    );
  }
}

// Deletes (or extends) the key only if it still holds our token, so a lease
// that expired and was taken by someone else is never touched by us.
// https://redis.io/docs/latest/develop/use/patterns/distributed-locks/
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

export type RedisLockOptions = {
  key: (fingerprint: string) => string;
  // Who holds it, readable in the key's value (`<holder>:<uuid>`).
  holder: string;
  // The lease: renewed every third of it while held, so a holder that died
  // keeps a fingerprint waiting for at most this long.
  leaseMs: number;
  // The longest a holder keeps the fingerprint, renewals included: a flush
  // stuck on a connection that never answers gives it up after this.
  maxHoldMs: number;
  now?: () => number;
};

export function createRedisLock(
  redis: Redis,
  metrics: Metrics,
  options: RedisLockOptions,
): FingerprintLock {
  const now = options.now ?? Date.now;
  return {
    async acquire(fingerprint) {
      const key = options.key(fingerprint);
      const token = `${options.holder}:${randomUUID()}`;
      const askedAt = now();
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
      const controller = new AbortController();
      // When the lease last surely ran from: the time its last confirmed
      // set or extend was sent.
      let leaseFrom = askedAt;
      const stop = (why: string | DOMException, counter: string) => {
        clearInterval(renew);
        if (controller.signal.aborted) return;
        metrics.count(counter);
        controller.abort(
          typeof why === "string"
            ? new DOMException(`gave up the flush lock of ${key}: ${why}`, "AbortError")
            : why,
        );
      };
      const renew = setInterval(() => {
        const at = now();
        if (at - askedAt >= options.maxHoldMs) {
          stop(
            `held for ${options.maxHoldMs} ms (CRASHFIX_FLUSH_TIMEOUT_MS)`,
            "flush_lock_timeouts",
          );
          return;
        }
        if (at - leaseFrom > options.leaseMs * 0.6) {
          stop(new LeaseUnrenewedError(key), "flush_lock_unrenewed");
          return;
        }
        redis.eval(EXTEND, 1, key, token, options.leaseMs).then(
          (extended) => {
            if (Number(extended) === 1) leaseFrom = Math.max(leaseFrom, at);
            else stop("its lease went to another holder", "flush_lock_lost");
          },
          // Unreachable for now: the next tick decides.
          () => {},
        );
      }, options.leaseMs / 3);
      renew.unref();
      return {
        signal: controller.signal,
        async held() {
          if (controller.signal.aborted) return false;
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
