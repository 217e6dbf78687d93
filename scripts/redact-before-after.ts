// Recall per class on the golden corpus and stack grouping per runtime, for
// an earlier build of lib/redact beside the current sources, as Markdown
// tables (docs/PERFORMANCE.md quotes them).
//
//   npx tsx scripts/redact-before-after.ts <dir of an earlier lib/redact> [--all]
//
// The earlier build is scored on today's corpus and fixtures. --all lists
// every class; by default only those that differ or miss anything.
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CORPUS_SURVIVORS, CORPUS_VECTORS } from "../fixtures/redact/corpus/index.js";
import { type ClassScore, scoreCorpus, totals } from "../fixtures/redact/corpus/score.js";
import { fingerprint, normalizeStack, redactValue } from "../redact/index.js";
import type { RedactionContext } from "../redact/redaction-context.js";
import { BUGS, RUNTIMES } from "../tests/redact/fixtures/stack-renderings.js";
import {
  DIFFERENT_BUGS,
  MINIFIED_BUGS,
  RUNTIME_FRAMES,
  SAME_BUG,
} from "../tests/redact/fixtures/stacks.js";

interface Scrubber {
  redactValue: (text: string, context?: RedactionContext) => string;
  normalizeStack: (stack: string) => string[];
  fingerprint: (errorClass: string, signatures: string[]) => string;
}

async function loadBuild(dir: string): Promise<Scrubber> {
  const load = async (file: string): Promise<Record<string, unknown>> =>
    (await import(pathToFileURL(join(resolve(dir), file)).href)) as Record<string, unknown>;
  return {
    redactValue: (await load("redact-value.js")).redactValue as Scrubber["redactValue"],
    normalizeStack: (await load("normalize-stack.js")).normalizeStack as Scrubber["normalizeStack"],
    fingerprint: (await load("fingerprint.js")).fingerprint as Scrubber["fingerprint"],
  };
}

const share = (s: ClassScore): string => (s.secrets === 0 ? "-" : `${s.removed}/${s.secrets}`);
const lost = (s: ClassScore): string => (s.words === 0 ? "-" : `${s.destroyed}/${s.words}`);
const percent = (part: number, whole: number): string =>
  `${((100 * part) / Math.max(1, whole)).toFixed(2)}%`;

function classTable(before: Scrubber, after: Scrubber, all: boolean): string {
  const was = scoreCorpus(before.redactValue, CORPUS_VECTORS, CORPUS_SURVIVORS);
  const now = scoreCorpus(after.redactValue, CORPUS_VECTORS, CORPUS_SURVIVORS);
  const earlier = new Map(was.map((s) => [s.class, s]));
  const rows = ["| class | recall before | recall now | destroyed before | destroyed now |"];
  rows.push("| --- | ---: | ---: | ---: | ---: |");
  let same = 0;
  for (const s of now) {
    const b = earlier.get(s.class) ?? { ...s, removed: 0, destroyed: 0 };
    const perfect =
      b.removed === b.secrets && s.removed === s.secrets && b.destroyed + s.destroyed === 0;
    if (perfect && !all) {
      same += 1;
      continue;
    }
    rows.push(`| ${s.class} | ${share(b)} | ${share(s)} | ${lost(b)} | ${lost(s)} |`);
  }
  const [tb, tn] = [totals(was), totals(now)];
  rows.push(
    `| all ${now.length} classes | ${tb.removed}/${tb.secrets} (${percent(tb.removed, tb.secrets)}) | ${tn.removed}/${tn.secrets} (${percent(tn.removed, tn.secrets)}) | ${tb.destroyed}/${tb.words} (${percent(tb.destroyed, tb.words)}) | ${tn.destroyed}/${tn.words} (${percent(tn.destroyed, tn.words)}) |`,
  );
  if (same > 0)
    rows.push(
      `\n${same} classes removed everything and destroyed nothing before and now (not listed).`,
    );
  return rows.join("\n");
}

/** Per runtime: how many bugs its rendering gives the bug's Node 20 fingerprint, and whether the bugs stay apart. */
function groupingTable(before: Scrubber, after: Scrubber): string {
  const rows = [
    `| runtime | bugs with the Node 20 fingerprint, before | now | distinct fingerprints (of ${BUGS.length}), before | now |`,
    "| --- | ---: | ---: | ---: | ---: |",
  ];
  const print = (s: Scrubber, errorClass: string, stack: string): string =>
    s.fingerprint(errorClass, s.normalizeStack(stack));
  const reference = RUNTIMES["Node 20"] ?? (() => "");
  for (const [runtime, render] of Object.entries(RUNTIMES)) {
    const cells = [before, after].map((s) => {
      const prints = BUGS.map((bug) => print(s, bug.errorClass, render(bug)));
      const same = BUGS.filter((bug, i) => prints[i] === print(s, bug.errorClass, reference(bug)));
      return [`${same.length}/${BUGS.length}`, `${new Set(prints).size}`];
    });
    rows.push(
      `| ${runtime} | ${cells[0]?.[0]} | ${cells[1]?.[0]} | ${cells[0]?.[1]} | ${cells[1]?.[1]} |`,
    );
  }
  for (const bug of SAME_BUG) {
    const cells = [before, after].map((s) => {
      const prints = Object.values(bug.stacks).map((stack) => print(s, bug.errorClass, stack));
      const counts = new Map<string, number>();
      for (const p of prints) counts.set(p, (counts.get(p) ?? 0) + 1);
      return `${Math.max(...counts.values())}/${prints.length}`;
    });
    rows.push(`| ${bug.bug}: renderings with one fingerprint | ${cells[0]} | ${cells[1]} | | |`);
  }
  const apart = [before, after].map(
    (s) => new Set(DIFFERENT_BUGS.map((b) => print(s, b.errorClass, b.stack))).size,
  );
  rows.push(`| ${DIFFERENT_BUGS.length} different bugs | | | ${apart[0]} | ${apart[1]} |`);
  const minified = [before, after].map(
    (s) => new Set(MINIFIED_BUGS.map((stack) => print(s, "TypeError", stack))).size,
  );
  rows.push(
    `| 2 bugs of one minified bundle (t <- e <- n) | | | ${minified[0]} | ${minified[1]} |`,
  );
  return rows.join("\n");
}

/** Per runtime frame: whether it is dropped (the stack keeps only the app's frame). */
function runtimeFrameTable(before: Scrubber, after: Scrubber): string {
  const rows = [
    "| runtime | its own frame | dropped before | now |",
    "| --- | --- | :---: | :---: |",
  ];
  for (const [runtime, line] of RUNTIME_FRAMES) {
    const stack = `Error: x\n${line}\n    at main (/app/dist/cli.js:1:2)`;
    const [was, now] = [before, after].map((s) =>
      s.normalizeStack(stack).join(",") === "main" ? "yes" : "no",
    );
    rows.push(`| ${runtime} | \`${line.trim()}\` | ${was} | ${now} |`);
  }
  return rows.join("\n");
}

const [dir, flag] = process.argv.slice(2);
if (dir === undefined) {
  process.stderr.write(
    "usage: npx tsx scripts/redact-before-after.ts <dir of an earlier lib/redact> [--all]\n",
  );
  process.exit(2);
}
const before = await loadBuild(dir);
const after: Scrubber = { redactValue: (text) => redactValue(text), normalizeStack, fingerprint };
process.stdout.write(`## Recall per class\n\n${classTable(before, after, flag === "--all")}\n\n`);
process.stdout.write(`## Grouping per runtime\n\n${groupingTable(before, after)}\n\n`);
process.stdout.write(`## Runtime frames dropped\n\n${runtimeFrameTable(before, after)}\n`);
