import type { Logger } from "probot";
import type { RedisWait } from "../config/read-env-config.js";
import { describeRedisUrl } from "./connect-redis.js";
import { describeRedisWait } from "./replica-shortage.js";

export type ConfirmLog = { missed(): void; confirmed(): void };

// Redis reachable but not confirming reports as CRASHFIX_REDIS_WAIT asks
// (too few replicas, or no AOF fsync in time) speaks as the outage log does
// (outage-log.ts): one warn line when the first report goes unconfirmed, no
// stack (nothing in the ingest is broken; Redis lacks what was asked of it),
// nothing while it goes on, one line when a report is confirmed again. It
// is its own log because its fact is a WAIT's answer, not a connection's
// event.
export function createConfirmLog(
  url: string,
  wait: RedisWait,
  timeoutMs: number,
  log: Logger,
): ConfirmLog {
  const where = describeRedisUrl(url);
  const asked = `CRASHFIX_REDIS_WAIT=${describeRedisWait(wait)}`;
  let missing = false;
  return {
    missed() {
      if (missing) return;
      missing = true;
      log.warn(
        { redis: where, wait: describeRedisWait(wait) },
        `Redis at ${where} does not confirm reports as ${asked} asks within ${timeoutMs} ms: reports get 503 until it does (check its replicas with INFO replication)`,
      );
    },
    confirmed() {
      if (!missing) return;
      missing = false;
      log.info({ redis: where }, `Redis at ${where} confirms reports again (${asked})`);
    },
  };
}
