// Two instances on one Redis spend one GitHub budget: the new-issue cap is
// counted in Redis, and writes are paced through Bottleneck's clustering,
// so the two together write no faster than one.
import { createServer, request, type Server } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../fixtures/redis-server.js";
import type { LocalGitHub } from "../../local-github/index.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import { pickPort } from "../../probot-app/server/pick-port.js";
import { describeWithRedis } from "./describe-with-redis.js";
import {
  ingestConfig,
  reportFor,
  sendAll,
  startGitHub,
  triageIssues,
  triageTotals,
  waitFor,
} from "./harness.js";

// Forwards to the local GitHub and notes when each write arrives.
async function recordingProxy(
  target: URL,
  writes: number[],
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD" && !req.url?.includes("/access_tokens")) {
      writes.push(performance.now());
    }
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  const port = await pickPort("127.0.0.1");
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${port}`, server };
}

describeWithRedis("one GitHub budget for every instance", () => {
  let gh: LocalGitHub;
  let redis: RedisServer;
  const servers: CrashfixServer[] = [];
  let proxy: Server | undefined;

  beforeAll(async () => {
    gh = await startGitHub();
    redis = await startRedisServer();
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    proxy?.close();
    await redis?.stop();
    await gh?.close();
  });

  it("opens no more new issues an hour than the cap, however many instances", async () => {
    const env = { CRASHFIX_REDIS_URL: redis.url, CRASHFIX_MAX_NEW_ISSUES_PER_HOUR: "3" };
    const a = await startCrashfixServer(ingestConfig(gh, env));
    const b = await startCrashfixServer(ingestConfig(gh, env));
    servers.push(a, b);
    const reports = Array.from({ length: 60 }, (_, i) => reportFor(1100 + (i % 6)));
    let turn = 0;
    await sendAll(() => (turn++ % 2 === 0 ? a.url : b.url), reports, 4);
    const deferred = await waitFor("both instances to meet the cap", () => {
      const count = a.metrics.get("new_issues_deferred") + b.metrics.get("new_issues_deferred");
      return count >= 2 ? count : undefined;
    });
    expect(deferred).toBeGreaterThanOrEqual(2);
    const totals = await waitFor("the three allowed issues to be counted", async () => {
      const now = await triageTotals(gh);
      return now.sum === 30 ? now : undefined;
    });
    expect(totals.issues).toHaveLength(3);
    // The other three fingerprints' reports wait in Redis for the next hour.
    expect(await a.spool.depth()).toBe(30);
    for (const report of reports.slice(0, 6)) await a.spool.forget(report.fingerprint);
    expect(await a.spool.depth()).toBe(0);
    for (const server of servers.splice(0)) await server.close();
  });

  it("paces the writes of two instances as one (Bottleneck clustering)", async () => {
    const writes: number[] = [];
    const recording = await recordingProxy(new URL(gh.serverUrl), writes);
    proxy = recording.server;
    const env = {
      CRASHFIX_REDIS_URL: redis.url,
      GITHUB_API_URL: `${recording.url}/api/v3`,
      CRASHFIX_WRITE_INTERVAL_MS: "250",
    };
    const a = await startCrashfixServer(ingestConfig(gh, env));
    const b = await startCrashfixServer(ingestConfig(gh, env));
    servers.push(a, b);
    const before = (await triageIssues(gh)).length;
    const reports = Array.from({ length: 40 }, (_, i) => reportFor(1200 + (i % 4)));
    let turn = 0;
    await sendAll(() => (turn++ % 2 === 0 ? a.url : b.url), reports, 4);
    await waitFor("four more issues with counts", async () => {
      if ((await a.spool.depth()) > 0) return undefined;
      return (await triageIssues(gh)).length - before === 4 ? true : undefined;
    });
    // Both instances wrote, and together no faster than one: the writes
    // span at least the interval times their gaps (arrival times jitter,
    // so single gaps are not compared; two instances pacing apart would
    // fit the same writes into about half the span).
    expect(a.metrics.get("github_writes")).toBeGreaterThan(0);
    expect(b.metrics.get("github_writes")).toBeGreaterThan(0);
    expect(writes.length).toBeGreaterThanOrEqual(12);
    const span = (writes.at(-1) ?? 0) - (writes[0] ?? 0);
    expect(span).toBeGreaterThanOrEqual((writes.length - 1) * 250 * 0.9);
  }, 60_000);
});
