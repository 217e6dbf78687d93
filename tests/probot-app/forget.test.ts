// Forgetting a fingerprint on the local spool: its queued reports and its
// counted report ids (the Redis spool's forget is tested with Redis, in
// redis-spool.test.ts).
import { afterAll, beforeAll, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import { fpLabel } from "../../triage/index.js";
import { ingestConfig, reportFor, sendAll, startGitHub, triageTotals } from "./harness.js";

let gh: LocalGitHub;
let ingest: CrashfixServer;

beforeAll(async () => {
  gh = await startGitHub();
  // Flushes only when the test says so.
  ingest = await startCrashfixServer(ingestConfig(gh, { CRASHFIX_FLUSH_INTERVAL_MS: "3600000" }));
});

afterAll(async () => {
  await ingest?.close();
  await gh?.close();
});

it("drops a fingerprint's queued reports and forgets its counted report ids", async () => {
  const gone = Array.from({ length: 4 }, () => reportFor(900));
  const kept = Array.from({ length: 2 }, () => reportFor(901));
  await sendAll(() => ingest.url, [...gone, ...kept], 2);
  const [first] = gone;
  const [other] = kept;
  if (!first || !other) throw new Error("no reports");
  expect(await ingest.spool.depth()).toBe(6);
  expect(await ingest.spool.forget(first.fingerprint)).toBe(4);
  expect(await ingest.spool.depth()).toBe(2);
  expect(await ingest.reportIds.has(first.fingerprint, first.report_id)).toBe(false);
  expect(await ingest.reportIds.has(other.fingerprint, other.report_id)).toBe(true);
  await ingest.flusher.flushOnce();
  const totals = await triageTotals(gh);
  const labels = totals.issues.map((issue) => issue.labels.map((l) => l.name));
  expect(labels.some((names) => names.includes(fpLabel(first.fingerprint)))).toBe(false);
  expect(totals.sum).toBe(2);
  expect(await ingest.reportIds.forget(other.fingerprint)).toBe(2);
  expect(await ingest.reportIds.has(other.fingerprint, other.report_id)).toBe(false);
});
