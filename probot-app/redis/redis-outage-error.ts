import { isRedisUnreachable } from "./connect-redis.js";
import { LeaseUnrenewedError } from "./fingerprint-lock.js";

// Whether a flush failed only because Redis is unreachable (a command that
// could not reach it, or the flush lock given up when its renewals did not):
// the outage log has said so once (outage-log.ts) and the reports stay in
// Redis, so the failure adds no line of its own.
export function isPartOfRedisOutage(error: unknown): boolean {
  return error instanceof LeaseUnrenewedError || isRedisUnreachable(error);
}
