import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import { ingestConfig, reportFor, sendAll, startGitHub, triageTotals, waitFor } from "./harness.js";

describe("exactness against a local GitHub", () => {
  let gh: LocalGitHub;
  const servers: CrashfixServer[] = [];

  beforeAll(async () => {
    gh = await startGitHub();
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    await gh?.close();
  });

  it("files 10,000 reports of 50 bugs from concurrent clients as exactly 50 issues counting 10,000", async () => {
    const ingest = await startCrashfixServer(ingestConfig(gh));
    servers.push(ingest);
    const reports = Array.from({ length: 10_000 }, (_, i) => reportFor(i % 50));
    // 300 client retries of reports already sent: not new occurrences.
    const retries = reports.slice(0, 300);
    const accepted = await sendAll(() => ingest.url, [...reports, ...retries], 32);
    expect(accepted).toBe(10_300);
    const done = await waitFor("counters to reach 10,000", async () => {
      const totals = await triageTotals(gh);
      return totals.sum === 10_000 && (await ingest.spool.depth()) === 0 ? totals : undefined;
    });
    expect(done.issues).toHaveLength(50);
    expect(done.countersComments).toBe(50);
    expect([...done.totals.values()].every((total) => total === 200)).toBe(true);
    expect(await ingest.spool.depth()).toBe(0);
    const calls = gh.stats();
    // Calls grow with fingerprints, not reports: label + issue + comment per
    // bug, plus a few lookups and counter edits.
    expect(calls.writes).toBeLessThan(50 * 3 + 50 * 10);
  }, 120_000);

  it("opens one issue per fingerprint when two ingest instances race on new fingerprints", async () => {
    const shared = { CRASHFIX_SHARED_COUNTERS: "true" };
    const a = await startCrashfixServer(ingestConfig(gh, shared));
    const b = await startCrashfixServer(ingestConfig(gh, shared));
    servers.push(a, b);
    const before = await triageTotals(gh);
    const reports = Array.from({ length: 400 }, (_, i) => reportFor(1000 + (i % 20)));
    // Each bug reaches both instances at once.
    let turn = 0;
    const next = () => {
      turn += 1;
      return turn % 2 === 0 ? a.url : b.url;
    };
    await sendAll(next, reports, 16);
    // Each instance drains its own spool: wait for both, and for every
    // report to be counted, before judging the issues and their comments.
    const totals = await waitFor("both instances to drain", async () => {
      if ((await a.spool.depth()) > 0 || (await b.spool.depth()) > 0) return undefined;
      const now = await triageTotals(gh);
      return now.sum === before.sum + 400 ? now : undefined;
    });
    expect(totals.issues.length - before.issues.length).toBe(20);
    const fps = totals.issues.map((issue) =>
      issue.labels.map((l) => l.name).find((n) => n.startsWith("fp:")),
    );
    expect(new Set(fps).size).toBe(totals.issues.length);
    expect(totals.countersComments).toBe(totals.issues.length);
  }, 120_000);

  it("counts exactly once drained while GitHub answers 20% of calls with 5xx and secondary limits", async () => {
    const before = await triageTotals(gh);
    gh.setLimits({ secondary: { perMinute: 15, perHour: 10_000, retryAfterSeconds: 1 } });
    gh.setFaults([
      { route: "*", status: 502, rate: 0.1 },
      { route: "*", status: 503, rate: 0.1 },
    ]);
    const ingest = await startCrashfixServer(ingestConfig(gh));
    servers.push(ingest);
    const reports = Array.from({ length: 2_000 }, (_, i) => reportFor(2000 + (i % 10)));
    await sendAll(() => ingest.url, reports, 16);
    await waitFor(
      "the worker to drain through faults",
      async () => ((await ingest.spool.depth()) === 0 ? true : undefined),
      90_000,
    );
    gh.setFaults([]);
    gh.setLimits({ secondary: { perMinute: 80, perHour: 500, retryAfterSeconds: 1 } });
    const after = await triageTotals(gh);
    expect(after.issues.length - before.issues.length).toBe(10);
    expect(after.sum - before.sum).toBe(2_000);
    expect(after.countersComments).toBe(after.issues.length);
    const stats = gh.stats();
    expect(stats.faultsInjected).toBeGreaterThan(0);
    expect(stats.limitHits.secondary).toBeGreaterThan(0);
  }, 120_000);
});
