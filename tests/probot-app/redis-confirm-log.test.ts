// What an operator reads in the log when CRASHFIX_REDIS_WAIT asks for
// replicas Redis does not have: one warn line at start, one warn line when
// reports start going unconfirmed, nothing while they stay so, one line when
// a replica confirms again; never a stack trace.
import { afterEach, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../fixtures/redis-server.js";
import type { LocalGitHub } from "../../local-github/index.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import { capturedLog } from "./captured-log.js";
import { describeWithRedis } from "./describe-with-redis.js";
import { ingestConfig, makeReport, postReport, startGitHub, waitFor } from "./harness.js";

let gh: LocalGitHub | undefined;
let redis: RedisServer | undefined;
let replica: RedisServer | undefined;
let ingest: CrashfixServer | undefined;

afterEach(async () => {
  await ingest?.close();
  await gh?.close();
  await replica?.stop();
  await redis?.stop();
  ingest = gh = redis = replica = undefined;
});

describeWithRedis("Redis not confirming reports in the log", () => {
  it("warns once at start and once when reports go unconfirmed, answers 503 saying why, and says once when a replica confirms again", async () => {
    redis = await startRedisServer();
    gh = await startGitHub();
    const { log, lines } = capturedLog();
    ingest = await startCrashfixServer(
      ingestConfig(gh, {
        CRASHFIX_REDIS_URL: redis.url,
        CRASHFIX_REDIS_WAIT: "replicas:1",
        CRASHFIX_REDIS_WAIT_TIMEOUT_MS: "100",
      }),
      { log },
    );
    for (let i = 0; i < 3; i += 1) {
      const answer = await postReport(ingest.url, makeReport());
      expect(answer.status).toBe(503);
      expect(answer.body).toBe("the spool cannot store the report now: send it again later\n");
      expect(answer.headers["retry-after"]).toBe("5");
    }
    replica = await startRedisServer();
    await replica.client().replicaof("127.0.0.1", redis.port);
    const url = ingest.url;
    await waitFor("a replica to confirm reports", async () =>
      (await postReport(url, makeReport())).status === 202 ? true : undefined,
    );
    const where = `redis://127.0.0.1:${redis.port}`;
    const said = lines.filter(
      (line) => line.msg !== "request" && line.msg.startsWith(`Redis at ${where}`),
    );
    expect(said.map((line) => [line.level, line.msg])).toEqual([
      [
        40,
        `Redis at ${where}: CRASHFIX_REDIS_WAIT=replicas:1 asks for 1 connected replica and it has 0, so every report gets 503: attach replicas to it (REPLICAOF on each), or set CRASHFIX_REDIS_WAIT to what it has`,
      ],
      [
        40,
        `Redis at ${where} does not confirm reports as CRASHFIX_REDIS_WAIT=replicas:1 asks within 100 ms: reports get 503 until it does (check its replicas with INFO replication)`,
      ],
      [30, `Redis at ${where} confirms reports again (CRASHFIX_REDIS_WAIT=replicas:1)`],
    ]);
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
    expect(JSON.stringify(lines)).not.toContain("stack");
  }, 60_000);
});
