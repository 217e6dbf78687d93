import type { Redis } from "ioredis";
import type { Logger } from "probot";
import { codeInChain } from "../errors/code-in-chain.js";
import { describeRedisUrl } from "./connect-redis.js";

export type OutageLog = { watch(redis: Redis): void };

// The code of what went wrong (ECONNREFUSED, ETIMEDOUT, ...); Node gives an
// AggregateError the code of its parts when every address failed alike.
function codeOf(error: unknown): string {
  return codeInChain(error) ?? (error instanceof Error ? error.name : "unknown error");
}

// An instance's Redis connections speak as one in the log: one line when
// the first of them loses Redis (where, and the error's code; no stack: the
// operator needs to know that it is down, not where in ioredis it noticed),
// nothing while it stays down however often they retry, and one line once
// every connection that lost it is ready again.
export function createOutageLog(url: string, log: Logger): OutageLog {
  const where = describeRedisUrl(url);
  const down = new Set<Redis>();
  return {
    watch(redis) {
      redis.on("error", (error: unknown) => {
        if (down.size === 0) {
          const code = codeOf(error);
          log.warn(
            { redis: where, code },
            `Redis at ${where} unreachable (${code}): reports get 503 until it is back`,
          );
        }
        down.add(redis);
      });
      redis.on("ready", () => {
        if (down.delete(redis) && down.size === 0) {
          log.info({ redis: where }, `Redis at ${where} reachable again`);
        }
      });
    },
  };
}
