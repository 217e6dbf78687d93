// The Redis spool's parts against a real redis-server: takeover of what a
// dead consumer read (XAUTOCLAIM), the report-id horizon, forgetting a
// fingerprint, and the acknowledgements CRASHFIX_REDIS_WAIT asks for.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../fixtures/redis-server.js";
import type { LocalGitHub } from "../../local-github/index.js";
import {
  type CrashfixServer,
  flushOnce,
  readEnvConfig,
  startCrashfixServer,
} from "../../probot-app/index.js";
import { createRedisLock } from "../../probot-app/redis/fingerprint-lock.js";
import { redisKeys } from "../../probot-app/redis/redis-keys.js";
import {
  createRedisReportIds,
  createRedisSpool,
} from "../../probot-app/redis/redis-stream-spool.js";
import { spoolScripts } from "../../probot-app/redis/spool-scripts.js";
import { Metrics } from "../../probot-app/server/metrics.js";
import { runBin } from "./bin-instance.js";
import { describeWithRedis } from "./describe-with-redis.js";
import {
  ADMIN_TOKEN,
  ingestEnv,
  post,
  postReport,
  reportFor,
  sendAll,
  startGitHub,
  TRIAGE,
  triageTotals,
  waitFor,
} from "./harness.js";

const { owner, repo } = TRIAGE;
const keys = redisKeys({ owner, repo });

describeWithRedis("the Redis spool", () => {
  let gh: LocalGitHub;
  let redis: RedisServer;
  const servers: CrashfixServer[] = [];
  const env = (extra: Record<string, string> = {}) =>
    ingestEnv(gh, { CRASHFIX_REDIS_URL: redis.url, CRASHFIX_CLAIM_IDLE_MS: "200", ...extra });
  // An instance that accepts but never flushes by itself.
  const acceptOnly = async (extra: Record<string, string> = {}) => {
    const server = await startCrashfixServer(readEnvConfig(env(extra)), { flush: "scheduled" });
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    gh = await startGitHub();
    redis = await startRedisServer({ aof: true });
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    await redis?.stop();
    await gh?.close();
  });

  it("takes over what a consumer read and never moved, and counts it once", async () => {
    const server = await acceptOnly();
    const reports = Array.from({ length: 50 }, (_, i) => reportFor(800 + (i % 2)));
    await sendAll(() => server.url, reports, 4);
    // A flusher that reads 30 entries and dies before moving them.
    const client = redis.client();
    await client.xgroup("CREATE", keys.intake, keys.group, "0", "MKSTREAM").catch(() => {});
    await client.xreadgroup("GROUP", keys.group, "dead", "COUNT", 30, "STREAMS", keys.intake, ">");
    const pending = (await client.xpending(keys.intake, keys.group)) as [number];
    expect(pending[0]).toBe(30);
    let counted = 0;
    await waitFor("the dead consumer's entries to be taken over", async () => {
      const result = await flushOnce(readEnvConfig(env()));
      counted += result.counted;
      return result.left === 0 ? true : undefined;
    });
    expect(counted).toBe(50);
    expect(((await client.xpending(keys.intake, keys.group)) as [number])[0]).toBe(0);
    const again = await flushOnce(readEnvConfig(env()));
    expect(again.counted).toBe(0);
    const totals = await triageTotals(gh);
    expect(totals.sum).toBe(50);
  });

  it("drops a retry within the report-id horizon, and counts one sent after it", async () => {
    const client = redis.client();
    const base = {
      keys,
      reportIdTtlMs: 300,
      maxEntries: 1_000,
      wait: { aof: 0 as const, replicas: 0 },
      waitTimeoutMs: 100,
      lock: createRedisLock(client, new Metrics(), {
        key: keys.flushLock,
        holder: "test",
        leaseMs: 1_000,
        maxHoldMs: 10_000,
      }),
      lockWaitMs: 2_000,
    };
    const spool = createRedisSpool({ ...base, redis: client });
    const ids = createRedisReportIds(client, keys);
    const report = reportFor(810);
    const before = await spool.depth();
    expect(await spool.accept(report, 1)).toBe("stored");
    expect(await spool.accept(report, 2)).toBe("duplicate");
    expect(await ids.has(report.fingerprint, report.report_id)).toBe(true);
    await waitFor("the id to expire", async () =>
      (await ids.has(report.fingerprint, report.report_id)) ? undefined : true,
    );
    expect(await spool.accept(report, 3)).toBe("stored");
    expect((await spool.depth()) - before).toBe(2);
    expect(await spool.forget(report.fingerprint)).toEqual({ reports: 2, ids: 1 });
  });

  it("forgets a fingerprint on request (POST /v1/crash/forget): its reports in the intake and in its own stream, and its report ids", async () => {
    const server = await acceptOnly();
    const gone = Array.from({ length: 5 }, () => reportFor(820));
    const kept = Array.from({ length: 3 }, () => reportFor(821));
    await sendAll(() => server.url, [...gone.slice(0, 3), ...kept], 2);
    // Three of the forgotten fingerprint's reports move to its own stream;
    // two more stay in the intake.
    const client = redis.client();
    await client.xgroup("CREATE", keys.intake, keys.group, "0", "MKSTREAM").catch(() => {});
    const read = (await client.xreadgroup(
      "GROUP",
      keys.group,
      "sorter",
      "STREAMS",
      keys.intake,
      ">",
    )) as [string, [string, string[]][]][];
    await spoolScripts(client, keys).sort(read[0]?.[1].map(([id]) => id) ?? []);
    await sendAll(() => server.url, gone.slice(3), 2);
    const fingerprint = gone[0]?.fingerprint ?? "";
    const depth = await server.spool.depth();
    expect(await client.xlen(keys.reports(fingerprint))).toBe(3);
    expect(await server.reportIds.has(fingerprint, gone[0]?.report_id ?? "")).toBe(true);

    const answer = await post(
      server.url,
      JSON.stringify({ fingerprint }),
      { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
      "/v1/crash/forget",
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({
      spoolReports: 5,
      ledgerIds: 5,
      triageIssue: "not-found",
    });
    expect(await server.spool.depth()).toBe(depth - 5);
    expect(await client.exists(keys.reports(fingerprint), keys.reportIds(fingerprint))).toBe(0);
    const intake = (await client.xrange(keys.intake, "-", "+")) as [string, string[]][];
    expect(intake.some(([, fields]) => fields.includes(fingerprint))).toBe(false);
    for (const report of gone) {
      expect(await server.reportIds.has(fingerprint, report.report_id)).toBe(false);
    }
    expect(await server.reportIds.has(kept[0]?.fingerprint ?? "", kept[0]?.report_id ?? "")).toBe(
      true,
    );
    // The other fingerprint is counted as before; the forgotten one is not filed.
    let counted = 0;
    await waitFor("the rest to be counted", async () => {
      const result = await flushOnce(readEnvConfig(env()));
      counted += result.counted;
      return result.left === 0 ? true : undefined;
    });
    expect(counted).toBe(3);
    const totals = await triageTotals(gh);
    expect(totals.issues.some((issue) => issue.body?.includes(fingerprint))).toBe(false);
  });

  it("answers 503 + Retry-After while replicas do not confirm (CRASHFIX_REDIS_WAIT=replicas:1), and keeps the report", async () => {
    const server = await acceptOnly({
      CRASHFIX_REDIS_WAIT: "replicas:1",
      CRASHFIX_REDIS_WAIT_TIMEOUT_MS: "50",
    });
    const report = reportFor(830);
    const before = await server.spool.depth();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const answer = await postReport(server.url, report);
      expect(answer.status).toBe(503);
      expect(Number(answer.headers["retry-after"])).toBeGreaterThan(0);
    }
    // Stored once: when a replica confirms, or whenever it is flushed, it counts once.
    expect((await server.spool.depth()) - before).toBe(1);
    expect((await server.spool.forget(report.fingerprint)).reports).toBe(1);
  });

  it("answers 503 + Retry-After once Redis is out of memory, and stores each report whole or not at all", async () => {
    const full = await startRedisServer({ maxmemory: "2mb" });
    try {
      const server = await startCrashfixServer(
        readEnvConfig(ingestEnv(gh, { CRASHFIX_REDIS_URL: full.url })),
        { flush: "scheduled" },
      );
      servers.push(server);
      let accepted = 0;
      let refused: Awaited<ReturnType<typeof postReport>> | undefined;
      for (let i = 0; i < 20_000 && !refused; i += 1) {
        const answer = await postReport(server.url, reportFor(850 + (i % 5)), true);
        if (answer.status === 202) accepted += 1;
        else refused = answer;
      }
      expect(refused?.status).toBe(503);
      expect(Number(refused?.headers["retry-after"])).toBeGreaterThan(0);
      expect(await server.spool.depth()).toBe(accepted);
      expect(await full.client().xlen(keys.intake)).toBe(accepted);
    } finally {
      await full.stop();
    }
  }, 60_000);

  it("refuses CRASHFIX_REDIS_WAIT=aof where the server cannot fsync-confirm, naming the fix", async () => {
    const info = await redis.client().info("server");
    const [major = 0, minor = 0] = (/redis_version:(\d+)\.(\d+)/.exec(info) ?? [])
      .slice(1)
      .map(Number);
    const config = readEnvConfig(env({ CRASHFIX_REDIS_WAIT: "aof" }));
    if (major < 7 || (major === 7 && minor < 2)) {
      await expect(startCrashfixServer(config)).rejects.toThrow(/WAITAOF.*7\.2/);
      // The bin says so in one line and exits 2, as for any setting to fix.
      const run = await runBin([], { ...process.env, ...env({ CRASHFIX_REDIS_WAIT: "aof" }) });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(
        /^crashfix-server: CRASHFIX_REDIS_WAIT=aof needs WAITAOF[^\n]*\n$/,
      );
      return;
    }
    // Redis 7.2 or later: this server runs with AOF, so the wait is given.
    const server = await startCrashfixServer(config);
    servers.push(server);
    expect((await postReport(server.url, reportFor(840))).status).toBe(202);
  });
});
