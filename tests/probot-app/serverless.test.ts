// The ingest deployed serverless: POST /v1/crash handled by function
// instances that a platform creates and retires (each request goes to one
// instance's handler, and an instance is dropped after a few requests), and
// the spool drained by a scheduler that calls the flush entry point on a
// timer, a fresh invocation each time. Nothing may need a disk that
// outlives a request.
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../fixtures/redis-server.js";
import type { LocalGitHub } from "../../local-github/index.js";
import {
  type CrashfixConfig,
  createServerlessHandler,
  FLUSH_PATH,
  flushOnce,
  type ServerlessHandler,
} from "../../probot-app/index.js";
import { pickPort } from "../../probot-app/server/pick-port.js";
import { assertBuilt, runBin } from "./bin-instance.js";
import { describeWithRedis } from "./describe-with-redis.js";
import {
  ADMIN_TOKEN,
  ingestConfig,
  ingestEnv,
  post,
  reportFor,
  sendAll,
  startGitHub,
  tempDir,
  triageTotals,
  waitFor,
} from "./harness.js";

const REQUESTS_PER_INSTANCE = 60;

// A function platform in miniature: two slots, each holding a function
// instance that serves a few requests and is then retired (closed) and
// replaced by a cold one.
function functionPlatform(config: CrashfixConfig) {
  type Slot = { fn: Promise<ServerlessHandler>; served: number; inFlight: number };
  const slots: Slot[] = [];
  let created = 0;
  let next = 0;
  const cold = (): Slot => {
    created += 1;
    return { fn: createServerlessHandler(config), served: 0, inFlight: 0 };
  };
  const retired: Promise<void>[] = [];
  return {
    get coldStarts() {
      return created;
    },
    async invoke(req: IncomingMessage, res: ServerResponse) {
      const index = next++ % 2;
      let slot = slots[index];
      if (!slot || slot.served >= REQUESTS_PER_INSTANCE) {
        slot = cold();
        slots[index] = slot;
      }
      slot.served += 1;
      slot.inFlight += 1;
      const fn = await slot.fn;
      try {
        await fn.handler(req, res);
      } finally {
        slot.inFlight -= 1;
        if (slot.served >= REQUESTS_PER_INSTANCE && slot.inFlight === 0) retired.push(fn.close());
      }
    },
    async close() {
      await Promise.all(retired);
      for (const slot of slots) await (await slot.fn).close();
    },
  };
}

describeWithRedis("the ingest as serverless functions on Redis", () => {
  let gh: LocalGitHub;
  let redis: RedisServer;
  let front: Server;
  let url = "";
  let config: CrashfixConfig;
  let platform: ReturnType<typeof functionPlatform>;
  let neverWritten = "";

  beforeAll(async () => {
    assertBuilt();
    // Made here, not while the suite is collected: a suite skipped for want
    // of redis-server runs no hook, and would leave the folder behind.
    neverWritten = join(tempDir("serverless"), "spool");
    gh = await startGitHub();
    redis = await startRedisServer({ aof: true });
    config = ingestConfig(gh, {
      CRASHFIX_REDIS_URL: redis.url,
      CRASHFIX_SPOOL_DIR: neverWritten,
      CRASHFIX_CLAIM_IDLE_MS: "1000",
    });
    platform = functionPlatform(config);
    front = createServer((req, res) => {
      platform.invoke(req, res).catch((error: unknown) => {
        console.error(error);
        res.destroy();
      });
    });
    const port = await pickPort("127.0.0.1");
    await new Promise<void>((resolve) => front.listen(port, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    front?.closeAllConnections();
    await new Promise((resolve) => front?.close(resolve));
    await platform?.close();
    await redis?.stop();
    await gh?.close();
  });

  it("counts once what function instances accept while a scheduler flushes on a timer", async () => {
    // The scheduler: a fresh flush invocation every 300 ms, at most two at once.
    let running = 0;
    let flushes = 0;
    const timer = setInterval(() => {
      if (running >= 2) return;
      running += 1;
      flushOnce(config)
        .then(() => {
          flushes += 1;
        })
        .finally(() => {
          running -= 1;
        });
    }, 300);
    const reports = Array.from({ length: 600 }, (_, i) => reportFor(500 + (i % 6)));
    // Every tenth report sent twice: a client that lost its 202.
    const sends = [...reports, ...reports.filter((_, i) => i % 10 === 0)];
    expect(await sendAll(() => url, sends, 8)).toBe(sends.length);
    const totals = await waitFor(
      "the scheduled flushes to count every report",
      async () => {
        const now = await triageTotals(gh);
        return now.sum >= reports.length ? now : undefined;
      },
      90_000,
    );
    clearInterval(timer);
    await waitFor("the last flush to end", () => (running === 0 ? true : undefined));
    expect(totals.sum).toBe(600);
    expect(totals.issues).toHaveLength(6);
    expect(totals.countersComments).toBe(6);
    expect([...totals.totals.values()]).toEqual([100, 100, 100, 100, 100, 100]);
    expect(platform.coldStarts).toBeGreaterThan(5);
    expect(flushes).toBeGreaterThan(0);
    expect(existsSync(neverWritten)).toBe(false);
  }, 120_000);

  it("drains through the admin flush route and `crashfix-server flush --once`", async () => {
    const before = (await triageTotals(gh)).sum;
    const wave = Array.from({ length: 40 }, (_, i) => reportFor(600 + (i % 2)));
    await sendAll(() => url, wave.slice(0, 20), 4);
    const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };
    expect((await fetch(`${url}${FLUSH_PATH}`, { method: "POST" })).status).toBe(401);
    const routed = await fetch(`${url}${FLUSH_PATH}`, { method: "POST", headers: bearer });
    expect(routed.status).toBe(200);
    expect(await routed.json()).toMatchObject({ counted: 20, left: 0 });
    await sendAll(() => url, wave.slice(20), 4);
    const env = { ...process.env, ...ingestEnv(gh, { CRASHFIX_REDIS_URL: redis.url }) };
    const run = await runBin(["flush", "--once"], env);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/counted 20 reports in 2 flushes; 0 deferred, 0 failed; 0 left/);
    expect((await triageTotals(gh)).sum - before).toBe(40);
    expect(existsSync(neverWritten)).toBe(false);
  }, 60_000);

  it.each([
    ["no --once", ["flush"], {}, 2, /say --once/],
    ["an unknown flag", ["flush", "--once", "--all"], {}, 2, /unknown option --all/],
    ["a value for --once", ["flush", "--once=yes"], {}, 2, /--once takes no value/],
    [
      "no Redis",
      ["flush", "--once"],
      { CRASHFIX_REDIS_URL: undefined },
      2,
      /set CRASHFIX_REDIS_URL/,
    ],
    [
      "an unreachable Redis",
      ["flush", "--once"],
      { CRASHFIX_REDIS_URL: "redis://127.0.0.1:1" },
      1,
      /cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(reports stay in Redis\)/,
    ],
  ])(
    "flush refuses %s with a message and its exit code",
    async (_name, args, change, code, message) => {
      const env: Record<string, string | undefined> = {
        ...process.env,
        ...ingestEnv(gh, { CRASHFIX_REDIS_URL: redis.url }),
        ...change,
      };
      const run = await runBin(args, env);
      expect(run.status).toBe(code);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.split("\n").filter(Boolean).length).toBeLessThanOrEqual(2);
    },
  );

  it("refuses to build a serverless handler without Redis", async () => {
    await expect(createServerlessHandler(ingestConfig(gh))).rejects.toThrow(
      /set CRASHFIX_REDIS_URL/,
    );
  });

  it("answers 404 naming its routes, the flush included, for paths that are not the ingest's, 400 for a bad report", async () => {
    const missing = await fetch(`${url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe(
      "no such route: the ingest answers POST /v1/crash, GET /healthz, GET /v1/crash/stats, POST /v1/crash/promote, POST /v1/crash/forget, POST or GET /v1/crash/flush\n",
    );
    const bad = await post(url, "{}");
    expect(bad.status).toBe(400);
  });

  it("answers a method the flush does not take with 405 and Allow", async () => {
    const res = await fetch(`${url}${FLUSH_PATH}`, { method: "PUT" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST, GET");
  });
});
