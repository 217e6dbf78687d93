// What an operator reads in the log through a Redis outage: one line when
// Redis becomes unreachable (where, and the error code), nothing while it
// stays down, one line when it is back; never a stack trace.
import { afterEach, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../fixtures/redis-server.js";
import type { LocalGitHub } from "../../local-github/index.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import { capturedLog } from "./captured-log.js";
import { describeWithRedis } from "./describe-with-redis.js";
import {
  ADMIN_TOKEN,
  ingestConfig,
  makeReport,
  postReport,
  startGitHub,
  waitFor,
} from "./harness.js";

let gh: LocalGitHub | undefined;
let redis: RedisServer | undefined;
let ingest: CrashfixServer | undefined;

afterEach(async () => {
  await ingest?.close();
  await gh?.close();
  await redis?.stop();
  ingest = gh = redis = undefined;
});

const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithRedis("a Redis outage in the log", () => {
  it("says once that Redis is unreachable, with host:port and the error code, keeps quiet while it is down, and says once that it is back", async () => {
    redis = await startRedisServer();
    gh = await startGitHub();
    const { log, lines } = capturedLog();
    ingest = await startCrashfixServer(ingestConfig(gh, { CRASHFIX_REDIS_URL: redis.url }), {
      log,
    });
    expect((await postReport(ingest.url, makeReport())).status).toBe(202);
    const before = lines.length;
    await redis.kill("SIGTERM");
    // Reports, health checks, stats and flush passes (every 200 ms) while it is down.
    for (let i = 0; i < 3; i += 1) {
      expect((await postReport(ingest.url, makeReport())).status).toBe(503);
      expect((await fetch(`${ingest.url}/healthz`)).status).toBe(503);
      const stats = await fetch(`${ingest.url}/v1/crash/stats`, { headers: ADMIN });
      expect(stats.status).toBe(503);
      await sleep(500);
    }
    await redis.restart();
    const url = ingest.url;
    await waitFor("Redis to take reports again", async () =>
      (await postReport(url, makeReport())).status === 202 ? true : undefined,
    );
    // A flush pass or two on the way back.
    await sleep(1_000);
    // Every line but the request log and the triage repo check's (which
    // says once, at about this time, that GitHub can be filed in).
    const said = lines
      .slice(before)
      .filter((line) => line.msg !== "request" && !line.msg.startsWith("triage repo reachable"));
    const where = `redis://127.0.0.1:${redis.port}`;
    expect(said.map((line) => line.msg)).toEqual([
      `Redis at ${where} unreachable (ECONNREFUSED): reports get 503 until it is back`,
      `Redis at ${where} reachable again`,
    ]);
    expect(said.map((line) => line.level)).toEqual([40, 30]);
    expect(JSON.stringify(said)).not.toContain("stack");
  }, 60_000);
});
