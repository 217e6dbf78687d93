import Bottleneck from "bottleneck";

// What the throttling plugin asks of a limiter group: the limiter of a key
// (it asks for one key, the plugin's `id`, on every request).
export type LimiterGroup = { key(key?: string): PacingLimiter };
export type PacingLimiter = Pick<Bottleneck, "schedule">;

// Limiters by key, like Bottleneck.Group, but a clustered limiter that
// cannot work any more is dropped, and the next request makes a new one:
// - its setup in Redis failed (Redis refused it): Bottleneck keeps the
//   rejected setup for the limiter's life;
// - Redis no longer has its state: the limiter's keys expired after an idle
//   `timeout`, or Redis lost them or dropped the limiter as unresponsive (an
//   outage longer than its 10 s client timeout). Bottleneck would set them up
//   again on its SETTINGS_KEY_NOT_FOUND and UNKNOWN_CLIENT errors, but it
//   compares the whole message, and Redis 7 sends them as
//   "ERR SETTINGS_KEY_NOT_FOUND" (https://github.com/SGrondin/bottleneck/issues/205,
//   https://github.com/SGrondin/bottleneck/issues/212; Bottleneck has had no
//   release since 2019). Its heartbeat (every 5 s) meets them first.
// The dropped limiter is disconnected (its heartbeat stops) before its
// replacement subscribes to the channel they share.
const STATE_GONE = /SETTINGS_KEY_NOT_FOUND|UNKNOWN_CLIENT/;

export function limiterGroup(
  options: Bottleneck.ConstructorOptions & { id: string },
  // Every job of the group releases its slot within this, or Redis takes
  // it back (throttle-groups.ts says which groups, and why).
  { gateExpirationMs }: { gateExpirationMs?: number } = {},
): LimiterGroup {
  const limiters = new Map<string, { limiter: Bottleneck; paced: PacingLimiter }>();
  const drop = (key: string, limiter: Bottleneck) => {
    if (limiters.get(key)?.limiter !== limiter) return;
    limiters.delete(key);
    // Typed as a promise; on a shared connection it returns nothing.
    Promise.resolve(limiter.disconnect(false)).catch(() => {});
  };
  return {
    key(key = "") {
      const known = limiters.get(key);
      if (known) return known.paced;
      const limiter = new Bottleneck({ ...options, id: `${options.id}-${key}` });
      limiter.ready().catch(() => drop(key, limiter));
      limiter.on("error", (error: unknown) => {
        if (error instanceof Error && STATE_GONE.test(error.message)) drop(key, limiter);
      });
      const paced = gateExpirationMs === undefined ? limiter : gate(limiter, gateExpirationMs);
      limiters.set(key, { limiter, paced });
      return paced;
    },
  };
}

// The limiter, with every job's expiration at most `expirationMs`.
function gate(limiter: Bottleneck, expirationMs: number): PacingLimiter {
  const schedule = (...args: unknown[]) => {
    const [first, ...rest] = typeof args[0] === "function" ? [{}, ...args] : args;
    const options = first as Bottleneck.JobOptions;
    const expiration = Math.min(options.expiration ?? expirationMs, expirationMs);
    return (limiter.schedule as (...all: unknown[]) => Promise<unknown>)(
      { ...options, expiration },
      ...rest,
    );
  };
  return { schedule } as unknown as PacingLimiter;
}
