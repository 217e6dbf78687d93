// The GitHub side of a flush, with two writers (two instances) on one
// local GitHub: each triage issue keeps exactly one counters comment.
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { readEnvConfig } from "../../probot-app/index.js";
import { createTriageCore } from "../../probot-app/server/create-triage-core.js";
import { Metrics } from "../../probot-app/server/metrics.js";
import { countersOf, ingestEnv, reportFor, startGitHub } from "./harness.js";

let gh: LocalGitHub;

beforeAll(async () => {
  gh = await startGitHub();
});

afterAll(async () => {
  await gh?.close();
});

// An instance's writer, re-reading the counters comment before each edit
// as instances sharing a triage repo do.
function instance() {
  const config = readEnvConfig(ingestEnv(gh, { CRASHFIX_SHARED_COUNTERS: "true" }));
  const core = createTriageCore(config, { log: pino({ level: "silent" }), metrics: new Metrics() });
  return {
    writer: core.writer,
    octokit: new core.Octokit({ auth: { token: gh.token }, baseUrl: gh.apiUrl }),
  };
}

it("finds the counters comment another instance wrote after this one opened the issue and its flush failed", async () => {
  const a = instance();
  const b = instance();
  const [first, second] = [reportFor(2100), reportFor(2100)];
  if (!first || !second) throw new Error("no reports");
  const { fingerprint } = first;
  // A opens the issue, then its flush fails before the counters edit (its
  // lock lapsed while Redis was away, say).
  const opened = await a.writer.issueFor(a.octokit, fingerprint, first);
  if (!opened) throw new Error("no issue");
  a.writer.failed(fingerprint, new Error("lost the fingerprint's flush lock"));
  // B flushes the fingerprint meanwhile and writes the first comment.
  const seen = await b.writer.issueFor(b.octokit, fingerprint, first);
  expect(seen?.number).toBe(opened.number);
  await b.writer.apply(b.octokit, fingerprint, opened, [{ batchId: "b-1", reports: [first] }]);
  // A's next flush edits that comment rather than adding a second.
  await a.writer.apply(a.octokit, fingerprint, opened, [{ batchId: "a-1", reports: [second] }]);
  const { commentCount, counters } = await countersOf(gh, opened.number);
  expect(commentCount).toBe(1);
  expect(counters?.total).toBe(2);
});
