import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { pickPort } from "../../probot-app/server/pick-port.js";
import { assertBuilt, killBin, startBin } from "./bin-instance.js";
import {
  ingestEnv,
  reportFor,
  sendAll,
  startGitHub,
  triageTotals,
  waitFor,
  waitForEmptySpool,
} from "./harness.js";

let gh: LocalGitHub;
let child: ChildProcess | undefined;

beforeAll(async () => {
  assertBuilt();
  gh = await startGitHub();
});

afterAll(async () => {
  await killBin(child);
  await gh?.close();
});

it("counts exactly once after kill -9 in the middle of a storm, a restart and client retries", async () => {
  const port = await pickPort("127.0.0.1");
  const env = ingestEnv(gh, { PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  child = await startBin(env);
  const reports = Array.from({ length: 3_000 }, (_, i) => reportFor(3000 + (i % 20)));
  const progress = { accepted: 0, failed: 0 };
  const storm = sendAll(() => url, reports, 16, progress);
  await waitFor("a third of the storm", () => (progress.accepted >= 1_000 ? true : undefined));
  await killBin(child);
  // Every client has met the dead port before the restart: their retries
  // then reach the new process.
  const failedBefore = progress.failed;
  await waitFor("clients to retry against the dead port", () =>
    progress.failed >= failedBefore + 16 ? true : undefined,
  );
  child = await startBin(env);
  await storm;
  const totals = await waitFor("counters to reach 3,000", async () => {
    const now = await triageTotals(gh);
    return now.sum >= 3_000 && now.issues.length === 20 ? now : undefined;
  });
  // An empty spool has nothing left to count: what the counters say now is final.
  await waitForEmptySpool(url);
  const settled = await triageTotals(gh);
  expect(settled.sum).toBe(3_000);
  expect(totals.issues).toHaveLength(20);
  expect(settled.countersComments).toBe(20);
  expect([...settled.totals.values()].every((total) => total === 150)).toBe(true);
}, 120_000);
