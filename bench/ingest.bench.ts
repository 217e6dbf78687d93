// Ingest figures (issue 5): accepted reports/s and p99 latency of
// POST /v1/crash, GitHub calls per 10,000 reports for 1 and for 100
// fingerprints, and the time from a storm's last report to exact counters.
// The ingest runs in its own process (the real bin); load comes from this
// process with autocannon. Peer: GET /healthz on the same Probot server,
// i.e. the HTTP stack without validation, scrub and fsync.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { type LocalGitHub, startLocalGitHub } from "../local-github/index.js";
import { pickPort } from "../probot-app/server/pick-port.js";
import type { Report } from "../redact/index.js";
import { makeReport } from "../tests/probot-app/harness.js";
import { parseCountersComment } from "../triage/index.js";

const REPO = "acme/triage";
const ADMIN = "bench-admin-token-0123456789abcdef";
const root = join(import.meta.dirname, "..");
if (!existsSync(join(root, "lib/probot-app/bin/crashfix-server.js"))) {
  process.stderr.write("bench/ingest: build first (npm run build)\n");
  process.exit(1);
}
const temp = (name: string) => mkdtempSync(join(tmpdir(), `crashfix-bench-${name}-`));

function report(bug: number): Report {
  return makeReport({ frames: [`handler${bug}`, "dispatch", "main"] });
}

async function startGitHub(): Promise<LocalGitHub> {
  // Secondary limits off: count the calls the ingest chooses to make.
  return startLocalGitHub({
    dataDir: temp("github"),
    repos: [REPO],
    limits: { secondary: { perMinute: 0, perHour: 0 }, primary: { limit: 1_000_000 } },
  });
}

async function startIngest(gh: LocalGitHub, env: Record<string, string>) {
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
    pending: number;
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
          return { ...request, body: JSON.stringify(report(n % bugs)) };
        },
      },
    ],
  });
}

async function throughput() {
  const gh = await startGitHub();
  const ingest = await startIngest(gh, { CRASHFIX_FLUSH_INTERVAL_MS: "1000" });
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
  const crashCpu = (cpu2 - cpu1) / crash["2xx"];
  const peerCpu = (cpu1 - cpu0) / peer["2xx"];
  const accepted = crash["2xx"] / crash.duration;
  const peerRate = peer["2xx"] / peer.duration;
  console.log("POST /v1/crash (32 connections, 10 s, 10 fingerprints, fsync per group commit):");
  console.log(`  accepted reports/s: ${accepted.toFixed(0)}  (target >= 5000)`);
  console.log(
    `  latency p50 ${crash.latency.p50} ms, p99 ${crash.latency.p99} ms (target < 20 ms), max ${crash.latency.max} ms`,
  );
  console.log(`  non-2xx: ${crash.non2xx}, errors: ${crash.errors}, timeouts: ${crash.timeouts}`);
  console.log(
    `  peer GET /healthz: ${peerRate.toFixed(0)} req/s, p99 ${peer.latency.p99} ms; ratio crash/healthz ${(accepted / peerRate).toFixed(2)}`,
  );
  // Independent of what else the machine runs: the ingest's own CPU time.
  console.log(
    `  ingest CPU per request: crash ${crashCpu.toFixed(0)} us, healthz ${peerCpu.toFixed(0)} us ` +
      `-> one core sustains about ${(1e6 / crashCpu).toFixed(0)} reports/s`,
  );
  console.log(
    `  machine load average during the run: ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`,
  );
  await stop(ingest.child);
  await gh.close();
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

async function callsPer10k(bugs: number, env: Record<string, string>, label: string) {
  const gh = await startGitHub();
  const ingest = await startIngest(gh, env);
  const before = gh.stats();
  const load = await crashLoad(ingest.url, bugs, { amount: 10_000, connections: 16 });
  const lastReport = Date.now();
  let exactAt = 0;
  for (;;) {
    const s = await stats(ingest.url);
    if ((s.counters.reports_counted ?? 0) >= 10_000 && s.pending === 0) {
      exactAt = Date.now();
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const s = await stats(ingest.url);
  const after = gh.stats();
  const total = (snapshot: typeof after) =>
    Object.values(snapshot.requests).reduce((a, b) => a + b, 0);
  const check = await triageSum(gh);
  console.log(`${bugs} fingerprint(s), 10,000 reports (${label}):`);
  console.log(
    `  accepted ${load["2xx"]}; triage issues ${check.issues}, counters sum ${check.sum} (exact: ${check.sum === 10_000})`,
  );
  console.log(
    `  GitHub calls by the ingest: ${s.counters.github_requests ?? 0} (writes ${s.counters.github_writes ?? 0}, ` +
      `304s ${s.counters.github_not_modified ?? 0}); local GitHub saw ${total(after) - total(before)} incl. token requests`,
  );
  console.log(
    `  per new fingerprint: ${((s.counters.github_requests ?? 0) / bugs).toFixed(1)} calls; counter edits ${s.counters.counter_edits ?? 0}`,
  );
  const routes = Object.entries(after.requests)
    .map(([route, n]) => [route, n - (before.requests[route] ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([route, n]) => `${route} ${n}`);
  console.log(`  by route: ${routes.join("; ")}`);
  console.log(`  last report -> counters exact: ${exactAt - lastReport} ms`);
  await stop(ingest.child);
  await gh.close();
}

await throughput();
if (process.env.BENCH_INGEST_ONLY_THROUGHPUT === "1") process.exit(0);
// GitHub's pacing as in production: writes 1 s apart, creations 3 s apart.
await callsPer10k(1, { CRASHFIX_FLUSH_INTERVAL_MS: "1000" }, "production pacing, 1 s flush");
// 100 new issues at production pacing take GitHub's creation limits (about
// 300 s); pacing is switched off here to count calls, not to wait.
await callsPer10k(
  100,
  {
    CRASHFIX_FLUSH_INTERVAL_MS: "1000",
    CRASHFIX_WRITE_INTERVAL_MS: "0",
    CRASHFIX_CREATE_INTERVAL_MS: "0",
    CRASHFIX_WRITES_PER_MINUTE: "100000",
    CRASHFIX_WRITES_PER_HOUR: "100000",
  },
  "pacing off, 1 s flush",
);
