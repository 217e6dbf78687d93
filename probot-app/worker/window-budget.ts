import type { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";

// A number of actions allowed per time window, in this process or shared by
// every ingest instance through Redis. The worker spends two of them:
// - GitHub writes: about 80 content-creating requests a minute and 500 an
//   hour per installation, edits included
//   (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits).
//   When the budget is spent, counter edits wait (their reports stay spooled
//   and land later in one edit) instead of running into secondary limits.
// - new triage issues per hour (CRASHFIX_MAX_NEW_ISSUES_PER_HOUR): a flood
//   of new fingerprints waits in the spool.
// Shared through Redis, N instances spend one budget, not N.
export type WindowBudget = {
  // Takes `cost` from every window if all of them have it; false otherwise
  // (nothing taken). Rejects when a shared budget cannot be reached.
  tryTake(cost: number): Promise<boolean>;
  giveBack(cost: number): Promise<void>;
};

export type Window = { points: number; seconds: number };

const KEY = "spent";

function limiterFor(window: Window, keyPrefix: string, redis: Redis | undefined) {
  const options = { points: window.points, duration: window.seconds, keyPrefix };
  // No memory fallback when Redis is down: a per-instance budget would let
  // N instances spend N budgets. The flush waits for Redis instead.
  return redis
    ? new RateLimiterRedis({ ...options, storeClient: redis })
    : new RateLimiterMemory(options);
}

export function createWindowBudget(
  windows: readonly Window[],
  options: { keyPrefix: string; redis?: Redis | undefined },
): WindowBudget {
  const limiters = windows.map((window, i) =>
    limiterFor(window, `${options.keyPrefix}:${window.seconds}s:${i}`, options.redis),
  );
  const refund = (taken: readonly RateLimiterAbstract[], cost: number) =>
    Promise.all(taken.map((limiter) => limiter.reward(KEY, cost)));
  return {
    async tryTake(cost) {
      if (cost <= 0) return true;
      const taken: RateLimiterAbstract[] = [];
      for (const limiter of limiters) {
        try {
          await limiter.consume(KEY, cost);
          taken.push(limiter);
        } catch (result: unknown) {
          // A refused consume is counted by the limiter too: undo it.
          if (result instanceof RateLimiterRes) taken.push(limiter);
          await refund(taken, cost);
          if (result instanceof RateLimiterRes) return false;
          throw result;
        }
      }
      return true;
    },
    async giveBack(cost) {
      if (cost > 0) await refund(limiters, cost);
    },
  };
}
