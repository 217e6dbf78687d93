// Throughput of the local GitHub for the two calls the ingest makes most:
// GET issues by fingerprint label (dedup lookup) and POST an issue comment.
// The server runs in its own process (the real bin); autocannon loads it from
// this one. A bare node:http server in its own process answering the same bytes
// is the peer: the ratio says how much of the ceiling the router, auth, limits,
// SQLite and JSON cost.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const TOKEN = "bench-token-0123456789";
const DURATION = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = 3;
const CONNECTIONS = 16;

async function startServerProcess() {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(root, "local-github/bin/crashfix-github.ts"),
      "--port",
      "0",
      "--data",
      mkdtempSync(join(tmpdir(), "crashfix-bench-")),
      "--repo",
      "acme/triage",
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

async function load(options: autocannon.Options): Promise<number> {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...options });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${options.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return result.requests.average;
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

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

const { child, baseUrl } = await startServerProcess();
try {
  // Production-sized budgets would stop a load test: lift them for the run.
  await api(baseUrl, "PUT", "/_local/limits", {
    primary: { limit: 1_000_000_000, windowSeconds: 3600 },
    secondary: { perMinute: 0, perHour: 0 },
  });
  // 300 triage issues, each with its own fingerprint label, as after a busy week.
  for (let i = 0; i < 300; i++) {
    const fp = i.toString(16).padStart(16, "0");
    await api(baseUrl, "POST", "/repos/acme/triage/issues", {
      title: `Crash ${i}`,
      body: `<!-- crashfix:fingerprint=${fp} -->`,
      labels: ["crashfix", `fp:${fp}`, "crash:new"],
    });
  }
  const byLabel = "/repos/acme/triage/issues?labels=fp:00000000000000a7&state=all";
  const sample = await api(baseUrl, "GET", byLabel);

  const peer = await startPeerProcess(sample);
  const runs = { peer: [] as number[], reads: [] as number[], writes: [] as number[] };
  // Interleaved rounds, medians: the machine is shared, so load drifts during a run.
  for (let round = 0; round < ROUNDS; round++) {
    runs.peer.push(await load({ url: peer.url }));
    runs.reads.push(await load({ url: `${baseUrl}/api/v3${byLabel}`, headers }));
    runs.writes.push(
      await load({
        url: `${baseUrl}/api/v3/repos/acme/triage/issues/1/comments`,
        method: "POST",
        headers,
        body: JSON.stringify({ body: "<!-- crashfix:counters -->\n| total | 1 |" }),
      }),
    );
  }
  peer.child.kill("SIGTERM");
  const [bare, reads, writes] = [median(runs.peer), median(runs.reads), median(runs.writes)];
  const line = (title: string, values: number[], value: number) =>
    console.log(
      `${title.padEnd(44)} ${value.toFixed(0).padStart(7)} req/s (median of ${values.map((v) => v.toFixed(0)).join(", ")}) ${(value / bare).toFixed(2)}x peer`,
    );
  console.log(
    `local-github bench: ${CONNECTIONS} connections, ${ROUNDS} x ${DURATION}s per call, response ${sample.length} bytes, load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
  );
  line("peer: bare node:http, same bytes", runs.peer, bare);
  line("GET issues?labels=fp:<16 hex>&state=all", runs.reads, reads);
  line("POST issues/{n}/comments", runs.writes, writes);
  console.log(`target >= 5000 req/s for reads: ${reads >= 5000 ? "met" : "NOT met on this run"}`);
} finally {
  child.kill("SIGTERM");
}
