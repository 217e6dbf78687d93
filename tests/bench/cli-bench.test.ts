import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

// The figures in docs/PERFORMANCE.md come from `npm run bench -- cli`; a
// change once kept it from starting and nothing else noticed. One round of
// each variant: this checks that it runs and says each figure, not the figures.
it("npm run bench -- cli runs one round of every variant and names each budget", async () => {
  const child = spawn(
    process.execPath,
    [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "bench/run.ts"), "cli"],
    { cwd: ROOT, env: { ...process.env, BENCH_RUNS: "1" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((done) => child.on("close", done));
  expect(code, output).toBe(0);
  for (const line of [
    /added by crashfix: -?[\d.]+ ms .*budget < 15 ms/,
    /the same with a full report folder/,
    /crashfix\/sentry ratio/,
    /added by crashfix\.sh: -?[\d.]+ ms .*budget <= 5 ms/,
    /import "crashfix" [\d.]+ ms \(budget < 10 ms/,
  ]) {
    expect(output).toMatch(line);
  }
}, 120_000);
