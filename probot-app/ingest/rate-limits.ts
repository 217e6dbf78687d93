import { createHmac } from "node:crypto";
import type { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";

export type RateLimits = {
  // Resolves to undefined when allowed, else the seconds to wait.
  consume(kind: "ip" | "project", key: string): Promise<number | undefined>;
};

function limiter(points: number, keyPrefix: string, redis: Redis | undefined): RateLimiterAbstract {
  const options = { points, duration: 60, keyPrefix };
  if (!redis) return new RateLimiterMemory(options);
  // When Redis is down, fall back to a per-instance memory limiter rather
  // than refusing every report or letting every report through.
  return new RateLimiterRedis({
    ...options,
    storeClient: redis,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(options),
  });
}

// Buckets are keyed by an HMAC of the client address or project hash, never
// the value itself: a bucket lives for its one-minute window, and what it
// stores cannot be turned back into an address without the key. The key is
// random per process, or, with Redis (buckets shared between instances),
// derived from a secret every instance holds.
export function createRateLimits(options: {
  ipPerMinute: number;
  projectPerMinute: number;
  bucketKey: Buffer;
  redis?: Redis | undefined;
  // Where the shared buckets live in Redis (beside the spool's keys).
  keyPrefix?: string;
}): RateLimits {
  const prefix = options.keyPrefix ?? "crashfix:";
  const limiters = {
    ip: limiter(options.ipPerMinute, `${prefix}ip`, options.redis),
    project: limiter(options.projectPerMinute, `${prefix}project`, options.redis),
  };
  return {
    async consume(kind, key) {
      const bucket = createHmac("sha256", options.bucketKey).update(key).digest("base64url");
      try {
        await limiters[kind].consume(bucket);
        return undefined;
      } catch (result: unknown) {
        if (result instanceof RateLimiterRes)
          return Math.max(1, Math.ceil(result.msBeforeNext / 1000));
        throw result;
      }
    },
  };
}
