// Throughput of the local GitHub for the two calls the ingest makes most:
// GET issues by fingerprint label (dedup lookup) and POST an issue comment.
// The server runs in its own process (the real bin); autocannon loads it from
// this one. A bare node:http server in its own process answering the same bytes
// is the peer: the ratio says how much of the ceiling the router, auth, limits,
// SQLite and JSON cost. BENCH_RUNS (default 3) rounds of BENCH_SECONDS (default 3) per call.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { knob, median } from "./stats.js";
import { benchTempFolder } from "./temp-folder.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const TOKEN = "bench-token-0123456789";
const DURATION = knob("BENCH_SECONDS", 3);
const ROUNDS = knob("BENCH_RUNS", 3);
const CONNECTIONS = 16;

async function startServerProcess(extraArgs: string[] = []) {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(root, "local-github/bin/crashfix-github.ts"),
      "--port",
      "0",
      "--data",
      benchTempFolder("local-github"),
      "--repo",
      "acme/triage",
      ...extraArgs,
    ],
    { env: { ...process.env, CRASHFIX_GITHUB_TOKEN: TOKEN }, stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout });
  const first = await lines[Symbol.asyncIterator]().next();
  return { child, baseUrl: String(first.value).trim() };
}

const headers = { authorization: `token ${TOKEN}`, "content-type": "application/json" };

async function api(baseUrl: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${baseUrl}/api/v3${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.text();
}

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 Hz).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

type Run = { rate: number; cpuMicros: number };

/**
 * Req/s under load, and the server's CPU time per request. On a shared machine
 * the first swings with other work; the second barely does, so 1e6 / cpuMicros
 * is what one idle core would serve.
 */
async function load(pid: number, options: autocannon.Options): Promise<Run> {
  const cpuBefore = cpuSeconds(pid);
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...options });
  const cpu = cpuSeconds(pid) - cpuBefore;
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${options.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return { rate: result.requests.average, cpuMicros: (cpu * 1e6) / result.requests.total };
}

/** The peer: a bare node:http server in its own process answering fixed bytes. */
async function startPeerProcess(body: string) {
  const code = `
    const body = process.env.PEER_BODY;
    require("node:http").createServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      res.end(body);
    }).listen(0, "127.0.0.1", function () { console.log("http://127.0.0.1:" + this.address().port + "/"); });`;
  const child = spawn(process.execPath, ["-e", code], {
    env: { ...process.env, PEER_BODY: body },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const first = await lines[Symbol.asyncIterator]().next();
  return { child, url: String(first.value).trim() };
}

const summarize = (runs: Run[]) => ({
  rate: median(runs.map((run) => run.rate)),
  cpuMicros: median(runs.map((run) => run.cpuMicros)),
});

/** 300 triage issues, each with its own fingerprint label, as after a busy week. */
async function seed(baseUrl: string): Promise<void> {
  // Production-sized budgets would stop a load test: lift them for the run.
  await api(baseUrl, "PUT", "/_local/limits", {
    primary: { limit: 1_000_000_000, windowSeconds: 3600 },
    secondary: { perMinute: 0, perHour: 0 },
  });
  for (let i = 0; i < 300; i++) {
    const fp = i.toString(16).padStart(16, "0");
    await api(baseUrl, "POST", "/repos/acme/triage/issues", {
      title: `Crash ${i}`,
      body: `<!-- crashfix:fingerprint=${fp} -->`,
      labels: ["crashfix", `fp:${fp}`, "crash:new"],
    });
  }
}

const cached = await startServerProcess();
const uncached = await startServerProcess(["--no-cache"]);
const children = [cached.child, uncached.child];
try {
  await seed(cached.baseUrl);
  await seed(uncached.baseUrl);
  const byLabel = "/api/v3/repos/acme/triage/issues?labels=fp:00000000000000a7&state=all";
  const sample = await api(cached.baseUrl, "GET", byLabel.slice("/api/v3".length));
  const peer = await startPeerProcess(sample);
  children.push(peer.child);
  const runs = { peer: [] as Run[], reads: [] as Run[], cold: [] as Run[], writes: [] as Run[] };
  const pid = (child: { pid?: number | undefined }) => child.pid as number;
  // Interleaved rounds, medians: the machine is shared, so load drifts during a run.
  for (let round = 0; round < ROUNDS; round++) {
    runs.peer.push(await load(pid(peer.child), { url: peer.url }));
    runs.reads.push(await load(pid(cached.child), { url: `${cached.baseUrl}${byLabel}`, headers }));
    runs.cold.push(
      await load(pid(uncached.child), { url: `${uncached.baseUrl}${byLabel}`, headers }),
    );
    runs.writes.push(
      await load(pid(cached.child), {
        url: `${cached.baseUrl}/api/v3/repos/acme/triage/issues/1/comments`,
        method: "POST",
        headers,
        body: JSON.stringify({ body: "<!-- crashfix:counters -->\n| total | 1 |" }),
      }),
    );
  }
  const bare = summarize(runs.peer);
  console.log(
    `local-github bench: ${CONNECTIONS} connections, ${ROUNDS} x ${DURATION}s per call, response ${sample.length} bytes, load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
  );
  console.log(
    `${"".padEnd(48)} ${"req/s".padStart(7)} ${"CPU/req".padStart(9)} ${"1 idle core".padStart(12)}  vs peer`,
  );
  const line = (title: string, measured: Run[]) => {
    const { rate, cpuMicros } = summarize(measured);
    const capacity = 1e6 / cpuMicros;
    console.log(
      `${title.padEnd(48)} ${rate.toFixed(0).padStart(7)} ${`${cpuMicros.toFixed(0)} us`.padStart(9)} ${`${capacity.toFixed(0)}/s`.padStart(12)}  ${(bare.cpuMicros / cpuMicros).toFixed(2)}x`,
    );
    return capacity;
  };
  line("peer: bare node:http, same bytes", runs.peer);
  const reads = line("GET issues?labels=fp:<16 hex> (response cache)", runs.reads);
  const cold = line("GET issues?labels=fp:<16 hex> (--no-cache)", runs.cold);
  line("POST issues/{n}/comments", runs.writes);
  console.log(
    `target >= 5000 req/s for reads on one idle core: ${reads >= 5000 ? "met" : "NOT met"} (cached ${reads.toFixed(0)}/s, uncached ${cold.toFixed(0)}/s)`,
  );
} finally {
  for (const child of children) child.kill("SIGTERM");
}
