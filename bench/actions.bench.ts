// Figures for the Action (issue 6):
//  1. GitHub calls for one promote run over a triage repo of 1,000 issues,
//     against the naive plan (one comments call per candidate issue), both
//     counted by the local GitHub's own request stats.
//  2. Wall time of one auto-fix run with the scripted agent, split into
//     checkout / agent / CI / PR, from the committed bundle.
// Run: npm run bench -- actions   (builds nothing; uses dist/main/index.js)
// BENCH_ISSUES=<n> seeds n triage issues instead of 1,000, a hundredth of them
// (at least one) confirmed and as many over the thresholds; each promotion
// takes about 6 s of paced writes.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { agentJob, prepare, promote, publishJob, triageRepo } from "../fixtures/actions/flow.js";
import { makeReport, seedTriageIssue } from "../fixtures/actions/seed.js";
import { agentScript, startWorld, type World } from "../fixtures/actions/world.js";
import {
  mergeCounters,
  renderCountersComment,
  renderTriageIssue,
  withStatus,
} from "../triage/index.js";
import { knob } from "./stats.js";

const ISSUES = knob("BENCH_ISSUES", 1_000);
const CONFIRMED = Math.max(1, Math.round(ISSUES / 100));
const OVER_THRESHOLD = Math.min(CONFIRMED, ISSUES - CONFIRMED);

function totalRequests(world: World): number {
  return Object.values(world.github.stats().requests).reduce((a, b) => a + b, 0);
}

function diff(before: Record<string, number>, after: Record<string, number>) {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (before[key] ?? 0);
    if (delta > 0) out[key] = delta;
  }
  return out;
}

async function seedMany(world: World): Promise<void> {
  const labels = new Set<string>();
  const queue = Array.from({ length: ISSUES }, (_, i) => i);
  const worker = async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      const status = i < CONFIRMED ? "crash:confirmed" : "crash:new";
      const occurrences = i >= CONFIRMED && i < CONFIRMED + OVER_THRESHOLD ? 6 : 2;
      const reports = Array.from({ length: occurrences }, (_, k) =>
        makeReport({ signatures: [`frame${i}`, "main"], projects: 3 }, k),
      );
      const first = reports[0];
      if (!first) continue;
      const rendered = renderTriageIssue(first);
      for (const label of rendered.labels) labels.add(label);
      const { data } = await world.octokit.rest.issues.create({
        ...triageRepo,
        title: rendered.title,
        body: rendered.body,
        labels: withStatus(rendered.labels, status),
      });
      await world.octokit.rest.issues.createComment({
        ...triageRepo,
        issue_number: data.number,
        body: renderCountersComment(mergeCounters(undefined, reports)),
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function promoteFigures(): Promise<void> {
  const world = await startWorld({
    limits: { primary: { limit: 1_000_000 }, secondary: { perMinute: 0, perHour: 0 } },
  });
  try {
    const seedStarted = Date.now();
    await seedMany(world);
    process.stdout.write(
      `seeded ${ISSUES} triage issues + counters comments in ${Date.now() - seedStarted} ms\n`,
    );

    const before = world.github.stats().requests;
    const started = Date.now();
    const run = await promote(world, {
      "min-occurrences": "5",
      "min-projects": "2",
      "max-promotions": "100",
    });
    const wall = Date.now() - started;
    if (run.code !== 0) throw new Error(`promote failed: ${run.stdout}`);
    const calls = diff(before, world.github.stats().requests);
    const total = Object.values(calls).reduce((a, b) => a + b, 0);
    const promoted = Number(run.outputs.promoted ?? 0);

    // The naive plan for the same decision: list the issues, then one
    // comments call per crash:new issue to read its counters.
    const naiveBefore = totalRequests(world);
    const open = await world.octokit.paginate(world.octokit.rest.issues.listForRepo, {
      ...triageRepo,
      labels: "crashfix,crash:new",
      state: "open",
      per_page: 100,
    });
    for (const issue of open) {
      await world.octokit.rest.issues.listComments({
        ...triageRepo,
        issue_number: issue.number,
        per_page: 100,
      });
    }
    const naiveReads = totalRequests(world) - naiveBefore;

    process.stdout.write(
      `\npromote over ${ISSUES} triage issues (${CONFIRMED} confirmed, ${OVER_THRESHOLD} over the thresholds):\n`,
    );
    process.stdout.write(
      `  promoted ${promoted} fingerprints in ${wall} ms wall (writes paced at 1/s by the throttling plugin)\n`,
    );
    process.stdout.write(
      `  GitHub calls: ${total} in all, ${(total / Math.max(1, promoted)).toFixed(1)} per promotion\n`,
    );
    for (const [route, count] of Object.entries(calls).sort((a, b) => b[1] - a[1])) {
      process.stdout.write(`    ${String(count).padStart(5)}  ${route}\n`);
    }
    const reads = Object.entries(calls)
      .filter(([route]) => route.startsWith("GET "))
      .reduce((a, [, b]) => a + b, 0);
    process.stdout.write(
      `  reads: ${reads} vs ${naiveReads} for one comments call per candidate (ratio ${(naiveReads / Math.max(1, reads)).toFixed(1)}x fewer)\n`,
    );

    // The common scheduled run: nothing new to promote.
    const steadyBefore = world.github.stats().requests;
    const steadyStarted = Date.now();
    const steady = await promote(world, { "min-occurrences": "5", "min-projects": "2" });
    if (steady.code !== 0) throw new Error(`promote failed: ${steady.stdout}`);
    const steadyCalls = diff(steadyBefore, world.github.stats().requests);
    const steadyTotal = Object.values(steadyCalls).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `  next run, nothing new: ${steadyTotal} calls (${Object.entries(steadyCalls)
        .map(([route, n]) => `${n} ${route}`)
        .join(", ")}) in ${Date.now() - steadyStarted} ms\n`,
    );
  } finally {
    await world.close();
  }
}

async function autofixFigures(): Promise<void> {
  const world = await startWorld();
  try {
    const seeded = await seedTriageIssue(world.octokit, {
      signatures: ["greet", "main"],
      status: "crash:confirmed",
    });
    const promoted = await promote(world);
    if (promoted.code !== 0) throw new Error(promoted.stdout);
    const t0 = Date.now();
    const prepared = await prepare(world, seeded.fingerprint);
    const prepareMs = Date.now() - t0;
    const t1 = Date.now();
    const job = await agentJob(world, prepared, `node ${agentScript} fix`);
    const agentStepMs = Date.now() - t1;
    const result = JSON.parse(await readFile(join(job.outDir, "result.json"), "utf8")) as {
      status: string;
      timings: { agent_ms: number; ci_ms: number };
    };
    const t2 = Date.now();
    const published = await publishJob(world, prepared, seeded.fingerprint, job);
    const publishMs = Date.now() - t2;
    if (published.outputs.outcome !== "proposed") throw new Error(published.stdout);
    const overhead = agentStepMs - job.checkoutMs - result.timings.agent_ms - result.timings.ci_ms;
    const total = prepareMs + agentStepMs + publishMs;
    process.stdout.write(`\nauto-fix, one fingerprint, scripted agent (${result.status}):\n`);
    const rows: [string, number][] = [
      ["prepare (gate + attempt record)", prepareMs],
      ["checkout (git clone over smart HTTP)", job.checkoutMs],
      ["agent", result.timings.agent_ms],
      ["CI (node --test)", result.timings.ci_ms],
      ["autofix step overhead (node start, brief, diff)", overhead],
      ["PR (publish: checkout, check, claim, push, PR, triage)", publishMs],
    ];
    for (const [name, ms] of rows) {
      process.stdout.write(
        `  ${String(ms).padStart(6)} ms  ${((100 * ms) / total).toFixed(0).padStart(3)}%  ${name}\n`,
      );
    }
    process.stdout.write(`  ${String(total).padStart(6)} ms        total\n`);
  } finally {
    await world.close();
  }
}

await promoteFigures();
await autofixFigures();
