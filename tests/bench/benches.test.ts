import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** `npm run bench -- <name>` with `env` added: its exit code, and stdout and stderr together. */
async function runBench(
  name: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "bench/run.ts"), name],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((done) => child.on("close", done));
  return { code, output };
}

// The figures in docs/PERFORMANCE.md come from `npm run bench`; a change
// that keeps a bench from starting is noticed by nothing else. Each runs
// with the smallest settings it takes, one after another (they load the
// machine): this checks that it runs and names each figure, not the figures.
// The actions bench's shortest run (BENCH_ISSUES=1) takes about 30 s, most of
// it the Action's GitHub writes, paced one a second: it is the one that had
// stopped starting unnoticed, so it runs here too.
describe.each([
  {
    name: "cli",
    env: { BENCH_RUNS: "1" },
    lines: [
      /added by crashfix: -?[\d.]+ ms .*budget < 15 ms/,
      /the same with a full report folder/,
      /crashfix\/sentry ratio/,
      /added by crashfix\.sh: -?[\d.]+ ms .*budget <= 5 ms/,
      /import "crashfix" [\d.]+ ms \(budget < 10 ms/,
    ],
  },
  {
    name: "footprint",
    env: {},
    lines: [
      /\| installed into a host \| packages \| bytes \| on disk \| install scripts \| native files \|/,
      /\| crashfix \(npm pack of cli\/\) \| \d+ \| [\d.]+ MiB \|/,
      /\| @sentry\/node \(its tree in this repo\) \| \d+ \| [\d.]+ MiB \|/,
      /target for crashfix: 1 package, <= 1 MiB, 0 install scripts: (met|NOT met); crashfix\/sentry: [\d.]+ of the bytes/,
    ],
  },
  {
    name: "redact",
    env: {},
    lines: [
      /redact bench \(lib\/redact\), rules \S+, node /,
      /corpus: \d+ crash reports, [\d.]+ MB, \d+ planted secrets/,
      /crashfix redactValue: [\d.]+ MB\/s wall, [\d.]+ MB\/s CPU/,
      /secretlint recommend: [\d.]+ MB\/s wall, [\d.]+ MB\/s CPU/,
      /ratio crashfix\/secretlint, both after \d+ warm-up rounds/,
      /ratio against secretlint after one warm-up round/,
      /planted secrets in the corpus that survived: \d+ of \d+/,
      /names under a context \(\d+ reports; CPU, median of \d+\): no context [\d.]+ MB\/s, context on ASCII text [\d.]+ MB\/s, context with lines outside ASCII \([\d.]+ MB\) [\d.]+ MB\/s/,
      /adversarial 1 MiB inputs \(cap \d+ chars\), CPU ms, best of 3:/,
      /worst adversarial input: .* at [\d.]+ ms \(target < 100 ms\)/,
      /golden corpus: \d+ vectors in \d+ classes, \d+ must-survive lines/,
      /recall: \d+\/\d+ planted secrets removed/,
      /destroyed words: \d+\/\d+ must-survive words changed/,
      /for comparison, secretlint recommend flags \d+\/\d+ corpus vectors/,
    ],
  },
  {
    name: "ingest",
    // One second per load, and the throughput table only: the GitHub calls
    // table sends 10,000 reports six times and waits for exact counters.
    env: { BENCH_SECONDS: "1", BENCH_INGEST_ONLY_THROUGHPUT: "1" },
    lines: [
      /POST \/v1\/crash, one instance \(10 fingerprints; 1 s at 3,000 reports\/s offered/,
      /local spool +Redis \(AOF everysec\) +target on Redis/,
      /at 3,000\/s: latency p50 ms/,
      /accepted reports\/s/,
      /32 connections: accepted reports\/s/,
      /ingest CPU per report us/,
      /healthz peer CPU per request us/,
      /healthz peer latency p99 ms/,
      /machine load average: [\d.]+ on \d+ cores/,
    ],
  },
  {
    name: "actions",
    env: { BENCH_ISSUES: "1" },
    lines: [
      /seeded \d+ triage issues \+ counters comments in \d+ ms/,
      /promote over \d+ triage issues \(\d+ confirmed, \d+ over the thresholds\):/,
      /promoted \d+ fingerprints in \d+ ms wall/,
      /GitHub calls: \d+ in all/,
      /reads: \d+ vs \d+ for one comments call per candidate/,
      /next run, nothing new: \d+ calls/,
      /auto-fix, one fingerprint, scripted agent/,
      /ms +total/,
    ],
  },
  {
    name: "local-github",
    env: { BENCH_SECONDS: "1", BENCH_RUNS: "1" },
    lines: [
      /local-github bench: 16 connections, 1 x 1s per call, response \d+ bytes/,
      /peer: bare node:http, same bytes +\d+ +\d+ us/,
      /GET issues\?labels=fp:<16 hex> \(response cache\) +\d+ +\d+ us/,
      /GET issues\?labels=fp:<16 hex> \(--no-cache\) +\d+ +\d+ us/,
      /POST issues\/\{n\}\/comments +\d+ +\d+ us/,
      /target >= 5000 req\/s for reads on one idle core: (met|NOT met)/,
    ],
  },
])("npm run bench -- $name", ({ name, env, lines }) => {
  it("runs with its smallest settings and names each figure", async () => {
    const { code, output } = await runBench(name, env);
    expect(code, output).toBe(0);
    for (const line of lines) expect(output).toMatch(line);
  }, 120_000);
});

// A knob that is not a whole number would run rounds of NaN and print
// figures that mean nothing: each bench refuses it by name instead.
describe.each([
  { name: "cli", knob: "BENCH_RUNS", value: "forty" },
  { name: "local-github", knob: "BENCH_SECONDS", value: "0" },
  { name: "ingest", knob: "BENCH_SECONDS", value: "1.5" },
  { name: "actions", knob: "BENCH_ISSUES", value: "-3" },
])("npm run bench -- $name with $knob=$value", ({ name, knob, value }) => {
  it("stops before measuring and names the knob", async () => {
    const { code, output } = await runBench(name, { [knob]: value });
    expect(code, output).toBe(1);
    expect(output).toContain(`bench: ${knob}=${value} is not a whole number of at least 1`);
    expect(output).toContain(`${name}.bench.ts exited with 2`);
  }, 60_000);
});
