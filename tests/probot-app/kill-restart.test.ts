import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { pickPort } from "../../probot-app/server/pick-port.js";
import { ingestEnv, reportFor, sendAll, startGitHub, triageTotals, waitFor } from "./harness.js";

// Runs the built bin, as production does (`npm run build` first).
const BIN = join(import.meta.dirname, "../../lib/probot-app/bin/crashfix-server.js");

let gh: LocalGitHub;
let child: ChildProcess | undefined;

function startServer(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [BIN], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    proc.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("listening on")) resolve(proc);
    });
    proc.stderr?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    proc.on("exit", (code) => reject(new Error(`crashfix-server exited with ${code}: ${out}`)));
  });
}

beforeAll(async () => {
  if (!existsSync(BIN))
    throw new Error(`${BIN} is missing: run npx tsc -p tsconfig.build.json first`);
  gh = await startGitHub();
});

afterAll(async () => {
  child?.kill("SIGKILL");
  await gh?.close();
});

it("counts exactly once after kill -9 in the middle of a storm, a restart and client retries", async () => {
  const port = await pickPort("127.0.0.1");
  const env = ingestEnv(gh, { PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  child = await startServer(env);
  const reports = Array.from({ length: 3_000 }, (_, i) => reportFor(3000 + (i % 20)));
  const progress = { accepted: 0 };
  const storm = sendAll(() => url, reports, 16, progress);
  await waitFor("a third of the storm", () => (progress.accepted >= 1_000 ? true : undefined));
  child.kill("SIGKILL");
  await new Promise((resolve) => child?.once("exit", resolve));
  // Clients keep retrying against a dead port for a moment.
  await new Promise((resolve) => setTimeout(resolve, 300));
  child = await startServer(env);
  await storm;
  const totals = await waitFor("counters to reach 3,000", async () => {
    const now = await triageTotals(gh);
    return now.sum >= 3_000 && now.issues.length === 20 ? now : undefined;
  });
  // Stay a few flushes longer: nothing may be counted twice later either.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const settled = await triageTotals(gh);
  expect(settled.sum).toBe(3_000);
  expect(totals.issues).toHaveLength(20);
  expect(settled.countersComments).toBe(20);
  expect([...settled.totals.values()].every((total) => total === 150)).toBe(true);
}, 120_000);
