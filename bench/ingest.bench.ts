// Ingest figures: accepted reports/s and latency of POST /v1/crash for one
// instance on the local spool and on Redis, side by side in one run; and
// GitHub calls for the same 10,000 reports with one instance on the local
// spool, one on Redis and three on Redis, with the time from a storm's last
// report to exact counters. The instances run in their own processes (the
// built bin); load comes from this process with autocannon (bench/ingest/).
// BENCH_SECONDS=<s> (default 10) sets how long each measured load lasts, the
// warm-up and healthz loads in proportion.
import { cpus, loadavg } from "node:os";
import { hasRedisServer, type RedisServer, startRedisServer } from "../fixtures/redis-server.js";
import { type Calls, callsPer10k } from "./ingest/github-calls.js";
import { cell, printTable } from "./ingest/print-table.js";
import { assertBuilt } from "./ingest/processes.js";
import { throughput } from "./ingest/throughput.js";
import { knob } from "./stats.js";

// The targets on Redis (issue 18): at least this many reports/s, and a p99
// under 30 ms at this rate.
const TARGET_RATE = 3_000;
const SECONDS = knob("BENCH_SECONDS", 10);

async function throughputTable(redis: RedisServer | undefined): Promise<void> {
  console.log(
    `POST /v1/crash, one instance (10 fingerprints; ${SECONDS} s at ${cell(TARGET_RATE)} reports/s offered, then ${SECONDS} s from 32 connections as fast as they go):`,
  );
  const local = await throughput(redis, {}, TARGET_RATE, SECONDS);
  const shared = redis
    ? await throughput(redis, { CRASHFIX_REDIS_URL: redis.url }, TARGET_RATE, SECONDS)
    : undefined;
  printTable(
    ["", "local spool", "Redis (AOF everysec)", "target on Redis"],
    [
      [
        `at ${cell(TARGET_RATE)}/s: latency p50 ms`,
        cell(local.atRate.p50),
        cell(shared?.atRate.p50),
        "",
      ],
      ["  latency p99 ms", cell(local.atRate.p99), cell(shared?.atRate.p99), "< 30"],
      ["  latency max ms", cell(local.atRate.max), cell(shared?.atRate.max), ""],
      ["  accepted reports/s", cell(local.atRate.rate), cell(shared?.atRate.rate), ""],
      [
        "32 connections: accepted reports/s",
        cell(local.rate),
        cell(shared?.rate),
        `>= ${cell(TARGET_RATE)}`,
      ],
      ["  latency p50 ms", cell(local.p50), cell(shared?.p50), ""],
      ["  latency p99 ms", cell(local.p99), cell(shared?.p99), ""],
      ["  latency max ms", cell(local.max), cell(shared?.max), ""],
      ["ingest CPU per report us", cell(local.cpu), cell(shared?.cpu), ""],
      ["healthz peer CPU per request us", cell(local.peer), cell(shared?.peer), ""],
      ["healthz peer latency p99 ms", cell(local.peerP99), cell(shared?.peerP99), ""],
    ],
  );
  console.log(
    `  machine load average: ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores (Redis on the same cores)`,
  );
}

async function callsTable(redis: RedisServer | undefined): Promise<void> {
  // 1 fingerprint with GitHub's pacing as in production (writes 1 s apart,
  // creations 3 s apart). 100 new issues at production pacing take GitHub's
  // creation limits (about 300 s), so pacing is off there: count calls,
  // not waits.
  const paced = { CRASHFIX_FLUSH_INTERVAL_MS: "1000" };
  const unpaced = {
    ...paced,
    CRASHFIX_WRITE_INTERVAL_MS: "0",
    CRASHFIX_CREATE_INTERVAL_MS: "0",
    CRASHFIX_WRITES_PER_MINUTE: "100000",
    CRASHFIX_WRITES_PER_HOUR: "100000",
  };
  const onRedis = redis ? { CRASHFIX_REDIS_URL: redis.url } : undefined;
  const rows: string[][] = [];
  for (const [bugs, env, label] of [
    [1, paced, "1 fingerprint, production pacing"],
    [100, unpaced, "100 fingerprints, pacing off"],
  ] as const) {
    const runs = [await callsPer10k(redis, bugs, 1, env)];
    if (onRedis) {
      runs.push(await callsPer10k(redis, bugs, 1, { ...env, ...onRedis }));
      runs.push(await callsPer10k(redis, bugs, 3, { ...env, ...onRedis }));
    }
    const of = (pick: (c: Calls) => string) => runs.map(pick);
    rows.push([`${label}: GitHub calls`, ...of((c) => cell(c.calls))]);
    rows.push(["  reports answered 202", ...of((c) => cell(c.accepted))]);
    rows.push(["  writes / counter edits", ...of((c) => `${c.writes} / ${c.edits}`)]);
    rows.push(["  last report -> counters exact ms", ...of((c) => cell(c.exactMs))]);
    rows.push(["  counters exactly 10,000, one issue each", ...of((c) => String(c.exact))]);
  }
  console.log("\n10,000 reports, flush interval 1 s (GitHub calls include token requests):");
  printTable(["", "local, 1 instance", "Redis, 1 instance", "Redis, 3 instances"], rows);
}

async function main(): Promise<void> {
  assertBuilt();
  let redis: RedisServer | undefined;
  if (hasRedisServer) {
    // AOF with fsync every second: Redis's own recommendation, and what
    // docs/PERFORMANCE.md states the figures for.
    redis = await startRedisServer({ aof: true, appendfsync: "everysec" });
  } else {
    console.log(
      "Redis columns skipped: redis-server is not installed (apt-get install redis-server)",
    );
  }
  await throughputTable(redis);
  if (process.env.BENCH_INGEST_ONLY_THROUGHPUT !== "1") await callsTable(redis);
  await redis?.stop();
}

await main();
