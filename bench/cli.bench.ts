// Whole-process cost of crashfix/cli in a host: a Node script that throws,
// run bare, with crashfix installed, and with @sentry/node initialised (the
// peer), interleaved in one run so machine load hits all three alike; plus
// a clean exit (the cost every run pays) and the import cost.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const lib = join(root, "lib/cli/index.js");
if (!existsSync(lib)) {
  process.stderr.write("bench/cli: build first (npx tsc -p tsconfig.build.json)\n");
  process.exit(1);
}
const RUNS = Number(process.env.BENCH_RUNS ?? 25);

// Inside the repo (test-artifacts/ is ignored) so `@sentry/node` resolves.
mkdirSync(join(root, "test-artifacts"), { recursive: true });
const work = mkdtempSync(join(root, "test-artifacts", "bench-cli-"));
const home = join(work, "home");
const project = join(work, "project");
mkdirSync(join(home, ".benchapp"), { recursive: true });
mkdirSync(project, { recursive: true });
writeFileSync(join(home, ".benchapp", "config"), "DISCLOSURE_SHOWN=true\n");

const failing = `function loadSettings() { throw new TypeError("cannot parse settings"); }
if (process.argv[2] === "throw") loadSettings();
`;
const scripts = {
  bare: failing,
  crashfix: `import { createCrashReporter } from ${JSON.stringify(pathToFileURL(lib).href)};
createCrashReporter({ app: "benchapp", version: "1.0.0", repo: "acme/benchapp" }).install();
${failing}`,
  // Port 9 on loopback is closed: an offline DSN that fails fast.
  sentry: `import * as Sentry from "@sentry/node";
Sentry.init({ dsn: "http://public@127.0.0.1:9/1", tracesSampleRate: 0 });
${failing}`,
};
for (const [name, text] of Object.entries(scripts)) writeFileSync(join(work, `${name}.mjs`), text);

const env = { PATH: process.env.PATH ?? "", HOME: home, NO_COLOR: "1" };

function timeRun(name: string, mode: string): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [join(work, `${name}.mjs`), mode], {
    cwd: project,
    env,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const expected = mode === "throw" ? 1 : 0;
  if (result.status !== expected) {
    throw new Error(
      `${name} ${mode} exited ${result.status}: ${String(result.stderr).slice(0, 500)}`,
    );
  }
  return ms;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

function measure(mode: string): Record<keyof typeof scripts, number> {
  const samples: Record<string, number[]> = { bare: [], crashfix: [], sentry: [] };
  const names = Object.keys(scripts);
  for (const name of names) timeRun(name, mode); // warm the disk cache
  for (let i = 0; i < RUNS; i += 1) {
    // Rotate the order so drift in machine load spreads evenly.
    for (let j = 0; j < names.length; j += 1) {
      const name = names[(i + j) % names.length] as string;
      samples[name]?.push(timeRun(name, mode));
    }
  }
  return {
    bare: median(samples.bare ?? []),
    crashfix: median(samples.crashfix ?? []),
    sentry: median(samples.sentry ?? []),
  };
}

function importCost(): { importMs: number; createMs: number; firstCaptureMs: number } {
  const probe = join(work, "probe.mjs");
  writeFileSync(
    probe,
    `const t0 = performance.now();
const cli = await import(${JSON.stringify(pathToFileURL(lib).href)});
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
  return {
    importMs: median(rows.map((r) => r[0] as number)),
    createMs: median(rows.map((r) => r[1] as number)),
    firstCaptureMs: median(rows.map((r) => r[2] as number)),
  };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
try {
  const crash = measure("throw");
  const clean = measure("ok");
  const cost = importCost();
  const crashAdded = crash.crashfix - crash.bare;
  const sentryAdded = crash.sentry - crash.bare;
  const cleanAdded = clean.crashfix - clean.bare;
  const cleanSentry = clean.sentry - clean.bare;
  process.stdout.write(
    [
      `runs per variant: ${RUNS} (medians, whole process, node ${process.versions.node})`,
      `script that throws: bare ${fmt(crash.bare)}, crashfix ${fmt(crash.crashfix)}, @sentry/node ${fmt(crash.sentry)}`,
      `  added by crashfix: ${fmt(crashAdded)} (target < 15 ms)`,
      `  added by @sentry/node: ${fmt(sentryAdded)}; crashfix/sentry ratio ${(crashAdded / sentryAdded).toFixed(2)}`,
      `script that exits 0: bare ${fmt(clean.bare)}, crashfix ${fmt(clean.crashfix)}, @sentry/node ${fmt(clean.sentry)}`,
      `  added by crashfix: ${fmt(cleanAdded)}; by @sentry/node: ${fmt(cleanSentry)}`,
      `import crashfix/cli: ${fmt(cost.importMs)} (target < 10 ms)`,
      `createCrashReporter (config stamped by the runs above, so no zod): ${fmt(cost.createMs)}`,
      `first capture (loads lib/redact/capture.bundle.js, no zod; writes the report): ${fmt(cost.firstCaptureMs)}`,
      "",
    ].join("\n"),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
