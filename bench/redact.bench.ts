// Scrubber benchmark: throughput on a realistic crash-report corpus against
// secretlint (recommended preset) in the same run, worst time on adversarial
// 1 MiB inputs, and recall / destroyed words on the golden corpus
// (fixtures/redact/corpus). Run: npm run bench -- redact
// REDACT_LIB=<dir> scores another build of lib/redact (e.g. an older
// commit's) on the same corpus; REDACT_CLASSES=1 prints every class.
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { lintSource } from "@secretlint/core";
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend";
import { adversarialInputs } from "../fixtures/redact/adversarial-inputs.js";
import { CORPUS_SURVIVORS, CORPUS_VECTORS } from "../fixtures/redact/corpus/index.js";
import { scoreCorpus, totals } from "../fixtures/redact/corpus/score.js";
import { generateCorpus } from "../fixtures/redact/crash-corpus.js";

// The built package, as the client, the ingest and the Actions run it (the
// bench itself runs under tsx, whose on-the-fly transform is not what ships).
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const lib = join(process.env.REDACT_LIB ?? join(root, "lib/redact"), "redact-value.js");
if (!existsSync(lib)) {
  process.stderr.write("bench/redact: build first (npm run build)\n");
  process.exit(1);
}
const { redactValue } = (await import(
  pathToFileURL(lib).href
)) as typeof import("../redact/redact-value.js");
const { MAX_INPUT_CHARS } = (await import(
  pathToFileURL(join(dirname(lib), "limits.js")).href
)) as typeof import("../redact/limits.js");
const { RULES_VERSION } = (await import(
  pathToFileURL(join(dirname(lib), "rules-version.js")).href
)) as typeof import("../redact/rules-version.js");

const MB = 1_000_000;
const REPORTS = 600;
const ROUNDS = 9;
const WARMUP_ROUNDS = 8;

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

async function timeIt(run: () => unknown): Promise<Timing> {
  const wall = performance.now();
  const cpu = cpuNow();
  await run();
  return { wallMs: performance.now() - wall, cpuMs: cpuNow() - cpu };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function fmt(n: number, digits = 1): string {
  return n.toFixed(digits);
}

const secretlintConfig = {
  rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: recommended }],
};

async function secretlintScan(content: string): Promise<number> {
  const result = await lintSource({
    source: { content, filePath: "crash-report.txt", contentType: "text" },
    options: { config: secretlintConfig, noPhysicFilePath: true },
  });
  return result.messages.length;
}

async function throughput(): Promise<void> {
  const corpus = generateCorpus(REPORTS, 42);
  const mb = corpus.bytes / MB;
  process.stdout.write(
    `corpus: ${corpus.reports.length} crash reports, ${fmt(mb, 2)} MB, ${corpus.planted.length} planted secrets\n`,
  );

  // Steady state: V8 needs a few hundred milliseconds of a hot loop before
  // its optimising tier has compiled everything (the first full round here
  // runs at about a quarter of the steady rate), so both run whole warm-up
  // rounds first. The first round is reported too: it is what a one-off
  // scrub of this much text costs.
  const cold = await timeIt(() => corpus.reports.map((report) => redactValue(report)));
  for (let round = 0; round < WARMUP_ROUNDS; round += 1) {
    corpus.reports.map((report) => redactValue(report));
  }
  for (const report of corpus.reports) await secretlintScan(report);

  const ours: Timing[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    ours.push(await timeIt(() => corpus.reports.map((report) => redactValue(report))));
  }
  const theirs: Timing[] = [];
  for (let round = 0; round < 2; round += 1) {
    theirs.push(
      await timeIt(async () => {
        for (const report of corpus.reports) await secretlintScan(report);
      }),
    );
  }

  const oursWall = mb / (median(ours.map((t) => t.wallMs)) / 1000);
  const oursCpu = mb / (median(ours.map((t) => t.cpuMs)) / 1000);
  const theirsWall = mb / (median(theirs.map((t) => t.wallMs)) / 1000);
  const theirsCpu = mb / (median(theirs.map((t) => t.cpuMs)) / 1000);
  process.stdout.write(
    `crashfix redactValue: ${fmt(oursWall)} MB/s wall, ${fmt(oursCpu)} MB/s CPU (median of ${ROUNDS} after ${WARMUP_ROUNDS} warm-up rounds; first round ${fmt(mb / (cold.wallMs / 1000))} MB/s wall)\n`,
  );
  process.stdout.write(
    `secretlint recommend: ${fmt(theirsWall)} MB/s wall, ${fmt(theirsCpu)} MB/s CPU (median of 2 after one warm-up round; detects only, rewrites nothing)\n`,
  );
  process.stdout.write(
    `ratio crashfix/secretlint: ${fmt(oursWall / theirsWall)}x wall, ${fmt(oursCpu / theirsCpu)}x CPU\n`,
  );

  const leaked = corpus.planted.filter((secret) =>
    corpus.reports.some((r) => redactValue(r).includes(secret)),
  );
  process.stdout.write(
    `planted secrets in the corpus that survived: ${leaked.length} of ${corpus.planted.length}\n`,
  );
}

async function adversarial(): Promise<void> {
  let worst = { name: "", ms: 0 };
  const rows: string[] = [];
  for (const [name, input] of adversarialInputs()) {
    redactValue(input.slice(0, 4096));
    const times: number[] = [];
    for (let run = 0; run < 3; run += 1) times.push((await timeIt(() => redactValue(input))).cpuMs);
    const ms = Math.min(...times);
    rows.push(`  ${name.padEnd(44)} ${fmt(ms).padStart(7)} ms`);
    if (ms > worst.ms) worst = { name, ms };
  }
  process.stdout.write(
    `adversarial 1 MiB inputs (cap ${MAX_INPUT_CHARS} chars), CPU ms, best of 3:\n${rows.join("\n")}\n`,
  );
  process.stdout.write(
    `worst adversarial input: ${worst.name} at ${fmt(worst.ms)} ms (target < 100 ms)\n`,
  );
}

const pct = (part: number, whole: number, digits = 1): string =>
  `${fmt((100 * part) / Math.max(1, whole), digits)}%`;

async function recall(): Promise<void> {
  const scores = scoreCorpus(redactValue, CORPUS_VECTORS, CORPUS_SURVIVORS);
  const all = totals(scores);
  const classes = new Set(CORPUS_VECTORS.map((v) => v.class)).size;
  process.stdout.write(
    `golden corpus: ${CORPUS_VECTORS.length} vectors in ${classes} classes, ${CORPUS_SURVIVORS.length} must-survive lines\n`,
  );
  process.stdout.write(
    `recall: ${all.removed}/${all.secrets} planted secrets removed (${pct(all.removed, all.secrets, 2)})\n`,
  );
  process.stdout.write(
    `destroyed words: ${all.destroyed}/${all.words} must-survive words changed (${pct(all.destroyed, all.words, 2)})\n`,
  );
  const show = process.env.REDACT_CLASSES === "1";
  for (const s of scores) {
    if (!show && s.removed === s.secrets && s.destroyed === 0) continue;
    process.stdout.write(
      `  ${s.class.padEnd(36)} recall ${`${s.removed}/${s.secrets}`.padStart(7)}  destroyed ${`${s.destroyed}/${s.words}`.padStart(7)}\n`,
    );
  }
  let secretlintFound = 0;
  for (const vector of CORPUS_VECTORS) {
    if ((await secretlintScan(vector.input)) > 0) secretlintFound += 1;
  }
  process.stdout.write(
    `for comparison, secretlint recommend flags ${secretlintFound}/${CORPUS_VECTORS.length} corpus vectors (${pct(secretlintFound, CORPUS_VECTORS.length)})\n`,
  );
}

process.stdout.write(
  `redact bench (lib/redact), rules ${RULES_VERSION}, node ${process.versions.node}, load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")}\n`,
);
await throughput();
await adversarial();
await recall();
