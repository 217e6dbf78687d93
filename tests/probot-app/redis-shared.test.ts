import { afterAll, beforeAll, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../fixtures/redis-server.js";
import type { LocalGitHub } from "../../local-github/index.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import { describeWithRedis } from "./describe-with-redis.js";
import { ingestConfig, reportFor, sendAll, startGitHub, triageTotals, waitFor } from "./harness.js";

describeWithRedis("several instances sharing Redis", () => {
  let gh: LocalGitHub;
  let redis: RedisServer;
  const servers: CrashfixServer[] = [];

  beforeAll(async () => {
    gh = await startGitHub();
    redis = await startRedisServer();
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    await redis?.stop();
    await gh?.close();
  });

  it("counts exactly across two instances flushing the same fingerprints", async () => {
    const a = await startCrashfixServer(ingestConfig(gh, { CRASHFIX_REDIS_URL: redis.url }));
    const b = await startCrashfixServer(ingestConfig(gh, { CRASHFIX_REDIS_URL: redis.url }));
    servers.push(a, b);
    const reports = Array.from({ length: 2_000 }, (_, i) => reportFor(7000 + (i % 10)));
    let turn = 0;
    const next = () => {
      turn += 1;
      return turn % 2 === 0 ? a.url : b.url;
    };
    await sendAll(next, reports, 16);
    const totals = await waitFor("both instances to drain", async () => {
      if ((await a.spool.depth()) > 0) return undefined;
      return triageTotals(gh);
    });
    expect(totals.issues).toHaveLength(10);
    expect(totals.countersComments).toBe(10);
    expect(totals.sum).toBe(2_000);
    expect([...totals.totals.values()].every((total) => total === 200)).toBe(true);
  }, 120_000);
});
