import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../fixtures/redis-server.js";
import type { LocalGitHub } from "../../local-github/index.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import { redisKeys } from "../../probot-app/redis/redis-keys.js";
import { pickPort } from "../../probot-app/server/pick-port.js";
import { describeWithRedis } from "./describe-with-redis.js";
import { ingestConfig, makeReport, postReport, startGitHub, TRIAGE } from "./harness.js";

let gh: LocalGitHub;
let ingest: CrashfixServer;

beforeAll(async () => {
  gh = await startGitHub();
  ingest = await startCrashfixServer(
    ingestConfig(gh, { CRASHFIX_RATE_IP_PER_MINUTE: "6", CRASHFIX_RATE_PROJECT_PER_MINUTE: "2" }),
  );
});

afterAll(async () => {
  await ingest?.close();
  await gh?.close();
});

it("limits one project and then one client address, with Retry-After", async () => {
  const project = { project_id_hash: "c".repeat(64) };
  const answers = [];
  for (let i = 0; i < 3; i += 1) answers.push(await postReport(ingest.url, makeReport(project)));
  expect(answers.map((a) => a.status)).toEqual([202, 202, 429]);
  expect(Number(answers[2]?.headers["retry-after"])).toBeGreaterThan(0);
  // Other projects from the same address still get through, up to the address limit.
  const more = [];
  for (let i = 0; i < 4; i += 1) more.push((await postReport(ingest.url, makeReport())).status);
  expect(more).toEqual([202, 202, 202, 429]);
  const limited = await postReport(ingest.url, makeReport());
  expect(limited.status).toBe(429);
  expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
  expect((await fetch(`${ingest.url}/healthz`)).status).toBe(200);
});

describe("back-pressure and fallbacks", () => {
  const extra: CrashfixServer[] = [];
  afterAll(async () => {
    for (const server of extra) await server.close();
  });

  it("answers 503 with Retry-After once the spool is full, and keeps what it holds", async () => {
    const full = await startCrashfixServer(
      ingestConfig(gh, { CRASHFIX_MAX_SPOOL_ENTRIES: "2", CRASHFIX_MAX_NEW_ISSUES_PER_HOUR: "0" }),
    );
    extra.push(full);
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await postReport(full.url, makeReport())).status);
    expect(statuses).toEqual([202, 202, 503]);
    const last = await postReport(full.url, makeReport());
    expect(last.headers["retry-after"]).toBeDefined();
    expect(last.body).toBe("the spool is full: send the report again later\n");
    expect(await full.spool.depth()).toBe(2);
  });

  it("answers 503 with Retry-After, never 202, while Redis is unreachable, and still rate-limits from memory", async () => {
    const port = await pickPort("127.0.0.1");
    const redisless = await startCrashfixServer(
      ingestConfig(gh, {
        CRASHFIX_REDIS_URL: `redis://127.0.0.1:${port}`,
        CRASHFIX_RATE_IP_PER_MINUTE: "2",
      }),
    );
    extra.push(redisless);
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await postReport(redisless.url, makeReport()));
    expect(answers.map((answer) => answer.status)).toEqual([503, 503, 429]);
    expect(Number(answers[0]?.headers["retry-after"])).toBeGreaterThan(0);
    expect(answers[0]?.body).toBe("the spool cannot store the report now: send it again later\n");
    expect((await fetch(`${redisless.url}/healthz`)).status).toBe(503);
  });
});

describeWithRedis("rate-limit buckets shared through Redis", () => {
  let redis: RedisServer | undefined;
  const servers: CrashfixServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
    await redis?.stop();
  });

  it("limits one address across instances and stores no address, only a keyed hash", async () => {
    redis = await startRedisServer();
    const env = { CRASHFIX_REDIS_URL: redis.url, CRASHFIX_RATE_IP_PER_MINUTE: "3" };
    const a = await startCrashfixServer(ingestConfig(gh, env));
    const b = await startCrashfixServer(ingestConfig(gh, env));
    servers.push(a, b);
    const statuses = [];
    for (const url of [a.url, b.url, a.url, b.url])
      statuses.push((await postReport(url, makeReport())).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    const { owner, repo } = TRIAGE;
    const keys = await redis.client().keys(`${redisKeys({ owner, repo }).rateLimits}ip*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).not.toContain("127.0.0.1");
      expect(await redis.client().pttl(key)).toBeLessThanOrEqual(60_000);
    }
  });
});
