import { ApiError } from "../errors.js";
import type { Limits } from "../options.js";

// Primary: a fixed window per credential with GitHub's x-ratelimit-* headers.
// Secondary: content creation per minute and per hour. A caller over a secondary
// bucket is told to wait `retryAfterSeconds`, and that bucket starts afresh when
// the wait is over, which is what GitHub's retry-after promises a client.
// https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api

type Window = { start: number; used: number };
type Secondary = { minute: Window; hour: Window; blockedUntil: number };

const ANONYMOUS_LIMIT = 60;
const SECONDARY_MESSAGE =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
const RATE_DOCS = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api";

export type LimitCounters = { primary: number; secondary: number };

export class RateLimiter {
  private limits: Limits;
  private readonly primary = new Map<string, Window>();
  private readonly secondary = new Map<string, Secondary>();
  private readonly search = new Map<string, Window>();
  readonly hits: LimitCounters = { primary: 0, secondary: 0 };

  constructor(
    limits: Limits,
    private readonly now: () => number,
  ) {
    this.limits = limits;
  }

  setLimits(limits: Limits): void {
    this.limits = limits;
    this.primary.clear();
    this.secondary.clear();
    this.search.clear();
  }

  current(): Limits {
    return this.limits;
  }

  /** Counts one request; returns the headers to send, or throws GitHub's 403 when spent. */
  take(bucket: string, anonymous: boolean): Record<string, string> {
    const limit = anonymous
      ? Math.min(ANONYMOUS_LIMIT, this.limits.primary.limit)
      : this.limits.primary.limit;
    const windowMs = this.limits.primary.windowSeconds * 1000;
    const now = this.now();
    let window = this.primary.get(bucket);
    if (!window || now >= window.start + windowMs) {
      window = { start: now, used: 0 };
      this.primary.set(bucket, window);
    }
    const reset = String(Math.ceil((window.start + windowMs) / 1000));
    if (window.used >= limit) {
      this.hits.primary += 1;
      throw new ApiError(this.limits.primary.status, `API rate limit exceeded for ${bucket}.`, {
        docs: RATE_DOCS,
        headers: headers(limit, 0, window.used, reset),
      });
    }
    window.used += 1;
    return headers(limit, limit - window.used, window.used, reset);
  }

  /** The caller's primary budget without spending it (for GET /rate_limit). */
  peek(bucket: string, anonymous: boolean) {
    const limit = anonymous
      ? Math.min(ANONYMOUS_LIMIT, this.limits.primary.limit)
      : this.limits.primary.limit;
    const windowMs = this.limits.primary.windowSeconds * 1000;
    const window = this.primary.get(bucket);
    const fresh = !window || this.now() >= window.start + windowMs;
    const used = fresh ? 0 : window.used;
    const start = fresh ? this.now() : window.start;
    return {
      limit,
      remaining: Math.max(0, limit - used),
      used,
      reset: Math.ceil((start + windowMs) / 1000),
    };
  }

  /** The search API's own budget per minute (GitHub: 30), answered like a primary limit. */
  takeSearch(bucket: string): Record<string, string> {
    const limit = this.limits.search.perMinute;
    const now = this.now();
    let window = this.search.get(bucket);
    if (!window || now >= window.start + 60_000) {
      window = { start: now, used: 0 };
      this.search.set(bucket, window);
    }
    const reset = String(Math.ceil((window.start + 60_000) / 1000));
    const out = (remaining: number) => ({
      ...headers(limit, remaining, window.used, reset),
      "x-ratelimit-resource": "search",
    });
    if (limit > 0 && window.used >= limit) {
      this.hits.primary += 1;
      throw new ApiError(this.limits.primary.status, `API rate limit exceeded for ${bucket}.`, {
        docs: RATE_DOCS,
        headers: out(0),
      });
    }
    window.used += 1;
    return out(Math.max(0, limit - window.used));
  }

  /** A conditional request answered 304 does not count against the primary limit. */
  refund(bucket: string): void {
    const window = this.primary.get(bucket);
    if (window && window.used > 0) window.used -= 1;
  }

  /** Counts one content-creating request; throws 403 with retry-after when over a bucket. */
  takeCreation(bucket: string): void {
    const { perMinute, perHour, retryAfterSeconds } = this.limits.secondary;
    const now = this.now();
    let state = this.secondary.get(bucket);
    if (!state) {
      state = { minute: { start: now, used: 0 }, hour: { start: now, used: 0 }, blockedUntil: 0 };
      this.secondary.set(bucket, state);
    }
    if (now < state.blockedUntil) throw this.secondaryHit(state.blockedUntil - now);
    if (now >= state.minute.start + 60_000) state.minute = { start: now, used: 0 };
    if (now >= state.hour.start + 3_600_000) state.hour = { start: now, used: 0 };
    const overMinute = perMinute > 0 && state.minute.used >= perMinute;
    const overHour = perHour > 0 && state.hour.used >= perHour;
    if (overMinute || overHour) {
      const waitMs = retryAfterSeconds * 1000;
      state.blockedUntil = now + waitMs;
      if (overMinute) state.minute = { start: state.blockedUntil, used: 0 };
      if (overHour) state.hour = { start: state.blockedUntil, used: 0 };
      throw this.secondaryHit(waitMs);
    }
    state.minute.used += 1;
    state.hour.used += 1;
  }

  private secondaryHit(waitMs: number): ApiError {
    this.hits.secondary += 1;
    return new ApiError(this.limits.secondary.status, SECONDARY_MESSAGE, {
      docs: `${RATE_DOCS}#about-secondary-rate-limits`,
      headers: { "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))) },
    });
  }
}

function headers(limit: number, remaining: number, used: number, reset: string) {
  return {
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-used": String(used),
    "x-ratelimit-reset": reset,
    "x-ratelimit-resource": "core",
  };
}
