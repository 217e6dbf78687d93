// The fingerprint's flush lock against a real redis-server: a holder keeps
// it only while it knows its lease is valid, and never longer than
// CRASHFIX_FLUSH_TIMEOUT_MS, so a flush stuck on a dead connection cannot
// keep a fingerprint from the other instances.
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../fixtures/redis-server.js";
import { createRedisLock, type RedisLockOptions } from "../../probot-app/redis/fingerprint-lock.js";
import { isPartOfRedisOutage } from "../../probot-app/redis/redis-outage-error.js";
import { Metrics } from "../../probot-app/server/metrics.js";
import { describeWithRedis } from "./describe-with-redis.js";
import { waitFor } from "./harness.js";

const abortReason = (signal: AbortSignal) => {
  const reason = signal.reason as Error;
  return { name: reason.name, message: reason.message };
};

describeWithRedis("the fingerprint's flush lock", () => {
  let redis: RedisServer;
  // A connection like the instance's "shared" one: fails fast while Redis is away.
  let shared: Redis;
  const metrics = new Metrics();
  const lockOn = (options: Partial<RedisLockOptions> = {}) =>
    createRedisLock(shared, metrics, {
      key: (fingerprint) => `lock-test:${fingerprint}`,
      holder: "test",
      leaseMs: 600,
      maxHoldMs: 60_000,
      ...options,
    });

  beforeAll(async () => {
    redis = await startRedisServer();
    shared = new Redis(redis.url, { maxRetriesPerRequest: 1, commandTimeout: 1_000 });
    shared.on("error", () => {});
  });

  afterAll(async () => {
    shared?.disconnect();
    await redis?.stop();
  });

  it("is held past its lease while renewed, and given up after maxHoldMs: the signal aborts and renewals stop", async () => {
    const lock = lockOn({ maxHoldMs: 3_000 });
    const acquiredAt = Date.now();
    const held = await lock.acquire("a");
    if (!held) throw new Error("not acquired");
    await waitFor("two leases to pass", () => (Date.now() - acquiredAt > 1_300 ? true : undefined));
    // Still ours: the renewals kept it.
    expect(held.signal.aborted).toBe(false);
    expect(await held.held()).toBe(true);
    await waitFor("the hold to time out", () => (held.signal.aborted ? true : undefined));
    expect(abortReason(held.signal)).toEqual({
      name: "AbortError",
      message: expect.stringContaining("CRASHFIX_FLUSH_TIMEOUT_MS"),
    });
    expect(await held.held()).toBe(false);
    // Not renewed any more: another holder gets it within a lease.
    const other = await waitFor("another holder to get it", () => lockOn().acquire("a"));
    await other.release();
    await held.release();
  });

  it("aborts when another holder has the lease", async () => {
    const held = await lockOn().acquire("b");
    if (!held) throw new Error("not acquired");
    await redis.client().set("lock-test:b", "someone-else", "PX", 5_000);
    await waitFor("the holder to learn it lost the lease", () =>
      held.signal.aborted ? true : undefined,
    );
    expect(abortReason(held.signal).message).toContain("went to another holder");
    await held.release();
    // Releasing a lease that is no longer ours leaves the other holder's.
    expect(await redis.client().get("lock-test:b")).toBe("someone-else");
  });

  it("aborts before its lease could lapse when Redis stops answering, and the fingerprint is free once Redis is back", async () => {
    const held = await lockOn().acquire("c");
    if (!held) throw new Error("not acquired");
    await redis.kill("SIGKILL");
    await waitFor("the holder to give up", () => (held.signal.aborted ? true : undefined));
    expect(abortReason(held.signal).message).toContain("could not renew");
    // Part of the outage its connections log once: the flush it ends adds no line.
    expect(isPartOfRedisOutage(held.signal.reason)).toBe(true);
    await redis.restart();
    // Redis had no persistence: the lease is gone with it, and anyone may take it.
    const other = await waitFor("another holder to get it", () => lockOn().acquire("c"));
    await other.release();
    await held.release();
  });
});
