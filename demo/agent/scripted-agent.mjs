#!/usr/bin/env node
// A deterministic stand-in for a coding agent, for the demo and the end-to-end
// test: it reads the brief crashfix wrote, and if the crash is tally's empty
// `mean`, it applies the fix a careful engineer would. It runs in the checkout
// (the current directory) with no GitHub credential, as a real agent would.
import { readFile, writeFile } from "node:fs/promises";

const briefPath = process.env.CRASHFIX_BRIEF;
if (!briefPath) {
  console.error("scripted-agent: CRASHFIX_BRIEF is not set");
  process.exit(2);
}
const brief = await readFile(briefPath, "utf8");
if (!brief.includes("mean")) {
  console.error("scripted-agent: this brief is not about a crash I know how to fix");
  process.exit(1);
}

const file = "src/stats.mjs";
const source = await readFile(file, "utf8");
const buggy = "  const total = values.reduce((sum, value) => sum + value);";
if (!source.includes(buggy)) {
  console.error("scripted-agent: the buggy line is not there (already fixed?)");
  process.exit(1);
}
const fixed = source.replace(
  buggy,
  [
    '  if (values.length === 0) throw new UsageError("avg needs at least one number");',
    "  const total = values.reduce((sum, value) => sum + value, 0);",
  ].join("\n"),
);
await writeFile(file, fixed);
console.log(`scripted-agent: guarded mean() against an empty list in ${file}`);
