import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import { pickPort } from "../../probot-app/server/pick-port.js";
import { ingestConfig, reportFor, sendAll, startGitHub, triageTotals, waitFor } from "./harness.js";

// Skipped where no redis-server binary is installed (Debian: apt-get install
// redis-server): the shared mode needs a real Redis, and we mock none.
const hasRedis = spawnSync("redis-server", ["--version"]).status === 0;

describe.skipIf(!hasRedis)("several instances sharing Redis", () => {
  let gh: LocalGitHub;
  let redis: ChildProcess;
  let redisUrl = "";
  const servers: CrashfixServer[] = [];

  beforeAll(async () => {
    gh = await startGitHub();
    const port = await pickPort("127.0.0.1");
    redis = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    redisUrl = `redis://127.0.0.1:${port}`;
    await waitFor("redis-server", async () => {
      const client = new Redis(redisUrl, { lazyConnect: true, retryStrategy: () => null });
      client.on("error", () => {});
      try {
        await client.connect();
        return (await client.ping()) === "PONG" ? true : undefined;
      } catch {
        return undefined;
      } finally {
        client.disconnect();
      }
    });
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    redis?.kill("SIGKILL");
    await gh?.close();
  });

  it("counts exactly across two instances flushing the same fingerprints", async () => {
    const a = await startCrashfixServer(ingestConfig(gh, { CRASHFIX_REDIS_URL: redisUrl }));
    const b = await startCrashfixServer(ingestConfig(gh, { CRASHFIX_REDIS_URL: redisUrl }));
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
