// Ingest figures: accepted reports/s and latency of POST /v1/crash for one
// instance on the local spool and on Redis, side by side in one run; and
// GitHub calls for the same 10,000 reports with one instance on the local
// spool, one on Redis and three on Redis, with the time from a storm's last
// report to exact counters. The instances run in their own processes (the
// built bin); load comes from this process with autocannon. Peer: GET
// /healthz on the same Probot server, i.e. the HTTP stack without
// validation, scrub and spool.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { hasRedisServer, type RedisServer, startRedisServer } from "../fixtures/redis-server.js";
import { makeReport } from "../fixtures/reports.js";
import { type LocalGitHub, startLocalGitHub } from "../local-github/index.js";
import { pickPort } from "../probot-app/server/pick-port.js";
import { parseCountersComment } from "../triage/index.js";

const REPO = "acme/triage";
const ADMIN = "bench-admin-token-0123456789abcdef";
const root = join(import.meta.dirname, "..");
if (!existsSync(join(root, "lib/probot-app/bin/crashfix-server.js"))) {
  process.stderr.write("bench/ingest: build first (npm run build)\n");
  process.exit(1);
}
const temp = (name: string) => mkdtempSync(join(tmpdir(), `crashfix-bench-${name}-`));

async function startGitHub(): Promise<LocalGitHub> {
  // Secondary limits off: count the calls the ingest chooses to make.
  return startLocalGitHub({
    dataDir: temp("github"),
    repos: [REPO],
    limits: { secondary: { perMinute: 0, perHour: 0 }, primary: { limit: 1_000_000 } },
  });
}

type Ingest = { url: string; child: ChildProcess };

let redis: RedisServer | undefined;

// Each run starts from an empty Redis: a run that ends leaves reports it did
// not count, which the next run's new local GitHub must not get.
async function freshRedis(env: Record<string, string>): Promise<void> {
  if (env.CRASHFIX_REDIS_URL) await redis?.client().flushall();
}

async function startIngest(gh: LocalGitHub, env: Record<string, string>): Promise<Ingest> {
  const port = await pickPort("127.0.0.1");
  // The built bin, as `npx crashfix-server` runs it (not the sources through tsx).
  const child = spawn(process.execPath, [join(root, "lib/probot-app/bin/crashfix-server.js")], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      CRASHFIX_LOCAL_GITHUB_DATA: gh.dataDir,
      GITHUB_API_URL: gh.apiUrl,
      CRASHFIX_TRIAGE_REPO: REPO,
      CRASHFIX_SPOOL_DIR: temp("spool"),
      CRASHFIX_ADMIN_TOKEN: ADMIN,
      CRASHFIX_RATE_IP_PER_MINUTE: "100000000",
      CRASHFIX_RATE_PROJECT_PER_MINUTE: "100000000",
      CRASHFIX_MAX_NEW_ISSUES_PER_HOUR: "1000",
      PORT: String(port),
      LOG_LEVEL: "warn",
      ...env,
    },
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("listening on")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`ingest exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

async function stop(child: ChildProcess) {
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
}

async function stats(url: string) {
  const res = await fetch(`${url}/v1/crash/stats`, {
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  return (await res.json()) as {
    counters: Record<string, number>;
    spoolDepth: number;
    cpuMicros: { user: number; system: number };
  };
}

function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function crashLoad(url: string, bugs: number, extra: Partial<autocannon.Options>) {
  let n = 0;
  return cannon({
    url: `${url}/v1/crash`,
    method: "POST",
    headers: { "content-type": "application/json" },
    connections: 32,
    ...extra,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          n += 1;
          const report = makeReport({ frames: [`handler${n % bugs}`, "dispatch", "main"] });
          return { ...request, body: JSON.stringify(report) };
        },
      },
    ],
  });
}

type Throughput = {
  rate: number;
  p50: number;
  p99: number;
  max: number;
  cpu: number;
  peer: number;
  peerP99: number;
};

async function throughput(env: Record<string, string>): Promise<Throughput> {
  await freshRedis(env);
  const gh = await startGitHub();
  const ingest = await startIngest(gh, { CRASHFIX_FLUSH_INTERVAL_MS: "1000", ...env });
  await crashLoad(ingest.url, 10, { duration: 2 }); // warm-up
  const cpu = async () => {
    const { cpuMicros } = await stats(ingest.url);
    return cpuMicros.user + cpuMicros.system;
  };
  const cpu0 = await cpu();
  const peer = await cannon({ url: `${ingest.url}/healthz`, connections: 32, duration: 5 });
  const cpu1 = await cpu();
  const crash = await crashLoad(ingest.url, 10, { duration: 10 });
  const cpu2 = await cpu();
  if (crash.non2xx + crash.errors + crash.timeouts > 0) {
    console.log(`  (non-2xx ${crash.non2xx}, errors ${crash.errors}, timeouts ${crash.timeouts})`);
  }
  await stop(ingest.child);
  await gh.close();
  return {
    rate: crash["2xx"] / crash.duration,
    p50: crash.latency.p50,
    p99: crash.latency.p99,
    max: crash.latency.max,
    cpu: (cpu2 - cpu1) / crash["2xx"],
    peer: (cpu1 - cpu0) / peer["2xx"],
    // The HTTP stack's own tail on this machine at this moment, to read the
    // crash route's p99 against.
    peerP99: peer.latency.p99,
  };
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("   ")}`;
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

async function triageSum(gh: LocalGitHub): Promise<{ issues: number; sum: number }> {
  const headers = { authorization: `token ${gh.token}` };
  let sum = 0;
  let issues = 0;
  for (let page = 1; ; page += 1) {
    const res = await fetch(
      `${gh.apiUrl}/repos/${REPO}/issues?state=all&labels=crashfix&per_page=100&page=${page}`,
      { headers },
    );
    const list = (await res.json()) as { number: number }[];
    for (const issue of list) {
      issues += 1;
      const comments = (await (
        await fetch(`${gh.apiUrl}/repos/${REPO}/issues/${issue.number}/comments`, { headers })
      ).json()) as { body: string }[];
      for (const comment of comments) sum += parseCountersComment(comment.body)?.total ?? 0;
    }
    if (list.length < 100) return { issues, sum };
  }
}

type Calls = {
  accepted: number;
  calls: number;
  writes: number;
  edits: number;
  exactMs: number;
  exact: boolean;
};

// 10,000 reports over `bugs` fingerprints, spread evenly over `instances`
// instances; GitHub calls as the local GitHub counted them (token requests
// included).
async function callsPer10k(bugs: number, instances: number, env: Record<string, string>) {
  await freshRedis(env);
  const gh = await startGitHub();
  const ingests = await Promise.all(Array.from({ length: instances }, () => startIngest(gh, env)));
  const before = gh.stats();
  const share = (i: number) => Math.floor(10_000 / instances) + (i < 10_000 % instances ? 1 : 0);
  const loads = await Promise.all(
    ingests.map((ingest, i) =>
      crashLoad(ingest.url, bugs, { amount: share(i), connections: Math.ceil(16 / instances) }),
    ),
  );
  const accepted = loads.reduce((sum, load) => sum + load["2xx"], 0);
  const lastReport = Date.now();
  while ((await stats(ingests[0]?.url ?? "")).spoolDepth > 0) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const exactMs = Date.now() - lastReport;
  // Before the check below, which reads GitHub too.
  const after = gh.stats();
  const counts = await triageSum(gh);
  const total = (snapshot: typeof after) =>
    Object.values(snapshot.requests).reduce((a, b) => a + b, 0);
  const edits = (await Promise.all(ingests.map((ingest) => stats(ingest.url)))).reduce(
    (sum, s) => sum + (s.counters.counter_edits ?? 0),
    0,
  );
  const exact = counts.sum === 10_000 && counts.issues === bugs;
  if (!exact) {
    // What went wrong, for whoever reads the run.
    const routes = Object.entries(after.requests).map(([route, n]) => `${route} ${n}`);
    console.log(
      `  not exact: ${JSON.stringify(counts)}; statuses ${JSON.stringify(after.statuses)}`,
    );
    console.log(`  routes: ${routes.join("; ")}`);
    for (const ingest of ingests)
      console.log(`  ingest: ${JSON.stringify((await stats(ingest.url)).counters)}`);
  }
  for (const ingest of ingests) await stop(ingest.child);
  await gh.close();
  return {
    accepted,
    calls: total(after) - total(before),
    writes: after.writes - before.writes,
    edits,
    exactMs,
    exact,
  } satisfies Calls;
}

async function main(): Promise<void> {
  if (hasRedisServer) {
    // AOF with fsync every second: Redis's own recommendation, and what
    // docs/PERFORMANCE.md states the figures for.
    redis = await startRedisServer({ aof: true, appendfsync: "everysec" });
  } else {
    console.log(
      "Redis columns skipped: redis-server is not installed (apt-get install redis-server)",
    );
  }
  const onRedis = redis ? { CRASHFIX_REDIS_URL: redis.url } : undefined;

  console.log("POST /v1/crash, one instance (32 connections, 10 s, 10 fingerprints):");
  const local = await throughput({});
  const shared = onRedis ? await throughput(onRedis) : undefined;
  const cell = (value: number | undefined, digits = 0) =>
    value === undefined ? "-" : value.toLocaleString("en-US", { maximumFractionDigits: digits });
  table(
    ["", "local spool", "Redis (AOF everysec)", "target on Redis"],
    [
      ["accepted reports/s", cell(local.rate), cell(shared?.rate), ">= 3,000"],
      ["latency p50 ms", cell(local.p50), cell(shared?.p50), ""],
      ["latency p99 ms", cell(local.p99), cell(shared?.p99), "< 30"],
      ["latency max ms", cell(local.max), cell(shared?.max), ""],
      ["ingest CPU per report us", cell(local.cpu), cell(shared?.cpu), ""],
      ["healthz peer CPU per request us", cell(local.peer), cell(shared?.peer), ""],
      ["healthz peer latency p99 ms", cell(local.peerP99), cell(shared?.peerP99), ""],
    ],
  );
  console.log(
    `  machine load average: ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores (Redis on the same cores)`,
  );
  if (process.env.BENCH_INGEST_ONLY_THROUGHPUT === "1") return;

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
  const rows: string[][] = [];
  for (const [bugs, env, label] of [
    [1, paced, "1 fingerprint, production pacing"],
    [100, unpaced, "100 fingerprints, pacing off"],
  ] as const) {
    const runs = [await callsPer10k(bugs, 1, env)];
    if (onRedis) {
      runs.push(await callsPer10k(bugs, 1, { ...env, ...onRedis }));
      runs.push(await callsPer10k(bugs, 3, { ...env, ...onRedis }));
    }
    const of = (pick: (c: Calls) => string) => runs.map(pick);
    rows.push([`${label}: GitHub calls`, ...of((c) => cell(c.calls))]);
    rows.push(["  reports answered 202", ...of((c) => cell(c.accepted))]);
    rows.push(["  writes / counter edits", ...of((c) => `${c.writes} / ${c.edits}`)]);
    rows.push(["  last report -> counters exact ms", ...of((c) => cell(c.exactMs))]);
    rows.push(["  counters exactly 10,000, one issue each", ...of((c) => String(c.exact))]);
  }
  console.log("\n10,000 reports, flush interval 1 s (GitHub calls include token requests):");
  table(["", "local, 1 instance", "Redis, 1 instance", "Redis, 3 instances"], rows);
  await redis?.stop();
}

await main();
