// Whole-process cost of the crashfix client in a host: a Node script that
// throws, run bare, importing an empty package shaped like crashfix's (what
// Node's module loader costs any such package a host imports: the floor under
// crashfix's figure) and the same with an exports map, with crashfix
// installed (its report folder nearly empty, and at its cap), interleaved
// so machine load hits them alike; the same script with @sentry/node
// initialised (the peer), interleaved with the bare one on its own, since
// its second-long runs would leave the others far apart; a clean exit
// (the cost every run pays); the import cost; and the bash route's
// successful run against the same script without it. The scripts import
// "crashfix" by name, as a host does, so Node resolves the package as it
// would in a host.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CAPS, reportFileName } from "../cli/store/save-report.js";
import type { Report } from "../redact/capture.js";
import { readmeBashLines } from "../tests/cli/readme-block.js";
import { knob, median, medianInterval, quantile } from "./stats.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
if (!existsSync(join(root, "cli/dist/index.js"))) {
  process.stderr.write("bench/cli: build first (npm run build), cli/dist/index.js is missing\n");
  process.exit(1);
}
// 100: on the shared build machine the middle half of rounds is 7-13 ms
// wide on a crash, so the median's 95% interval is 4-5 ms wide at 40 rounds
// (14.6-19.1 ms on 2026-12-06) and under 3 ms at 100 (12.7-15.4 ms an hour
// later): 40 cannot tell a crash near the 15 ms budget from one over it.
// The whole bench then takes about 6 minutes.
const RUNS = knob("BENCH_RUNS", 100);

// Inside the repo (test-artifacts/ is ignored) so "crashfix" and
// "@sentry/node" resolve as in a host's node_modules.
mkdirSync(join(root, "test-artifacts"), { recursive: true });
const work = mkdtempSync(join(root, "test-artifacts", "bench-cli-"));
const home = join(work, "home");
const project = join(work, "project");
// A host whose user has crashed a hundred times: its report folder is at the
// cap, so each crash there also deletes the oldest report.
const fullProject = join(work, "full-project");
mkdirSync(join(home, ".benchapp"), { recursive: true });
mkdirSync(project, { recursive: true });
mkdirSync(join(fullProject, ".benchapp", "crash"), { recursive: true });
for (let i = 0; i < CAPS.reports; i += 1) {
  // Named as a capture names them; older than any the bench writes.
  const name = reportFileName({
    fingerprint: "0123456789abcdef".repeat(4),
    captured_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString().replace(".000Z", "Z"),
    report_id: i.toString(16).padStart(8, "0"),
  } as Report);
  writeFileSync(join(fullProject, ".benchapp", "crash", name), "{}\n");
}
writeFileSync(join(home, ".benchapp", "config"), "DISCLOSURE_SHOWN=true\n");

// Each Node script reports its own CPU time (all threads) and minor page
// faults on fd 3 as it exits: the last exit listener, registered after
// crashfix's, so its notice counts. Both move far less with the machine's
// load than wall time does.
const failing = `process.on("exit", () => {
  const cpu = process.cpuUsage();
  const usage = [(cpu.user + cpu.system) / 1000, process.resourceUsage().minorPageFault];
  process.getBuiltinModule("node:fs").writeSync(3, JSON.stringify(usage));
});
function loadSettings() { throw new TypeError("cannot parse settings"); }
if (process.argv[2] === "throw") loadSettings();
`;
const scripts: Record<string, string> = {
  "bare.mjs": failing,
  "empty.mjs": `import "bench-empty-package";
${failing}`,
  "empty-exports.mjs": `import "bench-empty-package-exports";
${failing}`,
  "crashfix.mjs": `import { createCrashReporter } from "crashfix";
createCrashReporter({ app: "benchapp", version: "1.0.0", repo: "acme/benchapp" }).install();
${failing}`,
  // Port 9 on loopback is closed: an offline DSN that fails fast.
  "sentry.mjs": `import * as Sentry from "@sentry/node";
Sentry.init({ dsn: "http://public@127.0.0.1:9/1", tracesSampleRate: 0 });
${failing}`,
  // The bash route: the same successful script, without and with crashfix.sh.
  "bare.sh": `work() { local x=1; x=$((x + 1)); }
work
`,
  // The README's lines, with the bench's own settings.
  "crashfix.sh.host": `export CRASHFIX_APP=benchapp CRASHFIX_VERSION=1.0.0 CRASHFIX_REPO=acme/benchapp
${readmeBashLines(root)}
work() { local x=1; x=$((x + 1)); }
work
`,
};
for (const [name, text] of Object.entries(scripts)) writeFileSync(join(work, name), text);
// Resolved through "main", as crashfix is; and through an exports map, which
// costs Node's loader more (cli/redact says why crashfix has none).
for (const [name, entry] of [
  ["bench-empty-package", { main: "./index.js" }],
  ["bench-empty-package-exports", { exports: "./index.js" }],
] as const) {
  const emptyPackage = join(work, "node_modules", name);
  mkdirSync(emptyPackage, { recursive: true });
  writeFileSync(
    join(emptyPackage, "package.json"),
    JSON.stringify({ name, type: "module", ...entry }),
  );
  writeFileSync(join(emptyPackage, "index.js"), "export {};\n");
}
copyFileSync(join(root, "cli/crashfix.sh"), join(work, "crashfix.sh"));

const env = { PATH: process.env.PATH ?? "", HOME: home, NO_COLOR: "1" };

type Variant = { command: string; args: string[]; cwd?: string };
const node = (script: string): Variant => ({
  command: process.execPath,
  args: [join(work, script)],
});
const VARIANTS: Record<string, Variant> = {
  bare: node("bare.mjs"),
  empty: node("empty.mjs"),
  emptyExports: node("empty-exports.mjs"),
  crashfix: node("crashfix.mjs"),
  crashfixFull: { ...node("crashfix.mjs"), cwd: fullProject },
  sentry: node("sentry.mjs"),
  bash: { command: "bash", args: [join(work, "bare.sh")] },
  bashCrashfix: { command: "bash", args: [join(work, "crashfix.sh.host")] },
};

type Run = { ms: number; cpuMs: number; faults: number };

function timeRun(variant: Variant, mode: string): Run {
  const start = process.hrtime.bigint();
  const result = spawnSync(variant.command, [...variant.args, mode], {
    cwd: variant.cwd ?? project,
    env,
    stdio: ["ignore", "pipe", "pipe", "pipe"],
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const expected = mode === "throw" ? 1 : 0;
  if (result.status !== expected) {
    throw new Error(
      `${variant.args.join(" ")} ${mode} exited ${result.status}: ${String(result.stderr).slice(0, 500)}`,
    );
  }
  // The bash scripts report nothing on fd 3.
  const reported = String(result.output[3] ?? "");
  const [cpuMs, faults] =
    reported === "" ? [Number.NaN, Number.NaN] : (JSON.parse(reported) as number[]);
  return { ms, cpuMs: cpuMs as number, faults: faults as number };
}

type Spread = {
  median: number;
  q1: number;
  q3: number;
  /** The median's 95% confidence interval; undefined under 6 rounds. */
  interval: { low: number; high: number } | undefined;
};

type Measured = {
  /** Median whole-process time per variant. */
  medians: Record<string, number>;
  /**
   * Per round, one variant's figure (wall time by default) minus another's
   * from the same round (the runs of a round follow one another, so they
   * share the machine's load): median, interquartile range and the
   * median's 95% interval of those differences.
   */
  added(name: string, base: string, figure?: keyof Run): Spread;
};

/** xorshift32: a small seeded generator, so a bench's orders repeat from run to run. */
function xorshift(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

/** Fisher-Yates. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function measure(mode: string, names: string[]): Measured {
  const samples: Record<string, Run[]> = Object.fromEntries(names.map((name) => [name, []]));
  const run = (name: string) => timeRun(VARIANTS[name] as Variant, mode);
  for (const name of names) run(name); // warm the disk cache
  const random = xorshift(0x9e3779b9);
  for (let i = 0; i < RUNS; i += 1) {
    // A new order each round, so drift in machine load spreads evenly and no
    // variant always follows the same one (rotating a fixed order had run the
    // bare script right after @sentry/node's second-long run every time).
    for (const name of shuffled(names, random)) samples[name]?.push(run(name));
  }
  return {
    medians: Object.fromEntries(
      names.map((name) => [name, median((samples[name] ?? []).map((run) => run.ms))]),
    ),
    added(name, base, figure = "ms") {
      const a = samples[name] ?? [];
      const b = samples[base] ?? [];
      const differences = a.map((run, i) => run[figure] - (b[i] as Run)[figure]);
      return {
        median: median(differences),
        q1: quantile(differences, 0.25),
        q3: quantile(differences, 0.75),
        interval: medianInterval(differences),
      };
    },
  };
}

type Costs = { importMs: number; createMs: number; captureMs: number };

/** Inside one host process: the import, createCrashReporter, and the first capture. */
function inProcessCosts(): Costs {
  const probe = join(work, "probe.mjs");
  writeFileSync(
    probe,
    `const t0 = performance.now();
const cli = await import("crashfix");
const t1 = performance.now();
const reporter = cli.createCrashReporter({ app: "benchapp", version: "1.0.0", repo: "acme/benchapp" });
const t2 = performance.now();
reporter.capture(new Error("probe"));
const t3 = performance.now();
process.stdout.write(JSON.stringify([t1 - t0, t2 - t1, t3 - t2]));
`,
  );
  const rows: number[][] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const result = spawnSync(process.execPath, [probe], { cwd: project, env });
    rows.push(JSON.parse(String(result.stdout)) as number[]);
  }
  const column = (k: number) => median(rows.map((row) => row[k] as number));
  return { importMs: column(0), createMs: column(1), captureMs: column(2) };
}

/**
 * What this machine charges a process for a page it touches for the first
 * time (a minor page fault), in microseconds: the median of seven passes over
 * 2,000 fresh pages. A crash's cost here follows its pages more than its
 * instructions (docs/PERFORMANCE.md), and virtual machines charge far more
 * per fault than bare metal does.
 */
function firstTouchMicros(pages = 2000): number {
  const passes: number[] = [];
  for (let pass = 0; pass < 7; pass += 1) {
    // Large enough that the allocator maps fresh, untouched memory for it.
    const bytes = new Uint8Array(pages * 4096);
    const before = process.resourceUsage().minorPageFault;
    const start = process.hrtime.bigint();
    for (let page = 0; page < pages; page += 1) bytes[page * 4096] = 1;
    const micros = Number(process.hrtime.bigint() - start) / 1000;
    passes.push(micros / Math.max(1, process.resourceUsage().minorPageFault - before));
  }
  return median(passes);
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
/** Added faults, whole: a median of an even number of rounds may fall between two. */
const faults = (measured: Measured, name: string) =>
  Math.round(measured.added(name, "bare", "faults").median);
const spread = (added: Spread) =>
  `${fmt(added.median)} (middle half of rounds ${added.q1.toFixed(1)}-${added.q3.toFixed(1)})`;
/**
 * A budget's verdict from the median's 95% interval, not the median alone:
 * on a loaded machine the median moves by milliseconds from run to run,
 * and a figure whose interval holds the budget is not settled either way.
 */
function verdict(added: Spread, budget: number, sign: "<" | "<="): string {
  const within = (ms: number) => (sign === "<" ? ms < budget : ms <= budget);
  const { interval } = added;
  const range =
    interval === undefined
      ? ""
      : `, 95% interval ${interval.low.toFixed(1)} to ${interval.high.toFixed(1)} ms`;
  const head = `budget ${sign} ${budget} ms${range}`;
  if (interval === undefined)
    return `${head}: ${within(added.median) ? "met" : "MISSED"} (too few rounds for an interval)`;
  if (within(interval.high)) return `${head}: met`;
  if (!within(interval.low)) return `${head}: MISSED`;
  return `${head}: not settled at this machine's noise`;
}
try {
  const crash = measure("throw", ["bare", "empty", "emptyExports", "crashfix", "crashfixFull"]);
  const crashPeer = measure("throw", ["bare", "sentry"]);
  const clean = measure("ok", ["bare", "crashfix"]);
  const cleanPeer = measure("ok", ["bare", "sentry"]);
  const shell = measure("ok", ["bash", "bashCrashfix"]);
  const cost = inProcessCosts();
  const pageMicros = firstTouchMicros();
  const at = (row: Record<string, number>, name: string) => row[name] ?? Number.NaN;
  const crashAdded = crash.added("crashfix", "bare");
  const fullAdded = crash.added("crashfixFull", "bare");
  const loaderFloor = crash.added("empty", "bare");
  const sentryAdded = crashPeer.added("sentry", "bare");
  const bashAdded = shell.added("bashCrashfix", "bash");
  const ofMedians = at(crash.medians, "crashfix") - at(crash.medians, "bare");
  process.stdout.write(
    [
      `runs per variant: ${RUNS} (whole process, node ${process.versions.node}); "added" is the median over rounds of the difference within a round`,
      `script that throws: bare ${fmt(at(crash.medians, "bare"))}, crashfix ${fmt(at(crash.medians, "crashfix"))}, @sentry/node ${fmt(at(crashPeer.medians, "sentry"))} (medians)`,
      `  added by crashfix: ${spread(crashAdded)}; difference of the medians ${fmt(ofMedians)}; ${verdict(crashAdded, 15, "<")}`,
      `  the same with a full report folder (${CAPS.reports} reports, the cap): ${spread(fullAdded)}, CPU ${spread(crash.added("crashfixFull", "bare", "cpuMs"))}, +${faults(crash, "crashfixFull")} faults; ${verdict(fullAdded, 15, "<")}`,
      `  added by importing an empty package (Node's loader, any package resolved through "main" pays it): ${spread(loaderFloor)}; with an exports map: ${spread(crash.added("emptyExports", "bare"))}`,
      `  the same in CPU time (all threads, up to the exit event): crashfix ${spread(crash.added("crashfix", "bare", "cpuMs"))}, empty package ${spread(crash.added("empty", "bare", "cpuMs"))}`,
      `  and in minor page faults: crashfix +${faults(crash, "crashfix")}, empty package +${faults(crash, "empty")} (with an exports map +${faults(crash, "emptyExports")}), @sentry/node +${faults(crashPeer, "sentry")}`,
      `  this machine: a page touched for the first time costs ${pageMicros.toFixed(1)} us, so crashfix's faults are about ${fmt((faults(crash, "crashfix") * pageMicros) / 1000)} of its crash`,
      `  added by @sentry/node: ${spread(sentryAdded)}; crashfix/sentry ratio ${(crashAdded.median / sentryAdded.median).toFixed(2)}`,
      `script that exits 0: bare ${fmt(at(clean.medians, "bare"))}, crashfix ${fmt(at(clean.medians, "crashfix"))}, @sentry/node ${fmt(at(cleanPeer.medians, "sentry"))} (medians)`,
      `  added by crashfix: ${spread(clean.added("crashfix", "bare"))}; by @sentry/node: ${spread(cleanPeer.added("sentry", "bare"))}`,
      `  in CPU time: crashfix ${spread(clean.added("crashfix", "bare", "cpuMs"))}; in minor page faults: crashfix +${faults(clean, "crashfix")}`,
      `bash script that exits 0: bare ${fmt(at(shell.medians, "bash"))}, with crashfix.sh ${fmt(at(shell.medians, "bashCrashfix"))} (medians)`,
      `  added by crashfix.sh: ${spread(bashAdded)}; ${verdict(bashAdded, 5, "<=")}`,
      `in one process: import "crashfix" ${fmt(cost.importMs)} (budget < 10 ms: ${cost.importMs < 10 ? "met" : "MISSED"}), createCrashReporter ${fmt(cost.createMs)}, first capture ${fmt(cost.captureMs)}`,
      "",
    ].join("\n"),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
