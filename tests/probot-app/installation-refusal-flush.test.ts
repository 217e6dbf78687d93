// The flush against an installation GitHub will not let file: suspended, or
// with Issues read. Nothing is filed, the reports wait in the spool, the log
// says why in a line an operator can act on, and once the installation is
// fixed every report is counted, once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InstallationInput, LocalGitHub } from "../../local-github/index.js";
import {
  type CrashfixServer,
  startCrashfixServer,
} from "../../probot-app/server/start-crashfix-server.js";
import { capturedLog } from "./captured-log.js";
import {
  ingestConfig,
  postReport,
  reportFor,
  startGitHub,
  statsOf,
  triageIssues,
  triageTotals,
  waitFor,
  waitForEmptySpool,
} from "./harness.js";

describe.each([
  {
    trouble: "a suspended installation",
    installation: { suspended: true },
    fixed: { suspended: false },
    said: "flush failed: the App's installation is suspended (GitHub: This installation has been suspended); unsuspend it in the installation's settings (the organisation's or account's GitHub Apps); reports stay spooled and are retried until then",
  },
  {
    trouble: "an installation with Issues read",
    installation: { permissions: { issues: "read" } },
    fixed: { permissions: { issues: "write" } },
    said: "flush failed: the App's installation lacks the Issues write permission the flush needs (GitHub: Resource not accessible by integration); give the App Issues: Read and write in its settings, then accept the new permission on its installation; reports stay spooled and are retried until then",
  },
] satisfies {
  trouble: string;
  installation: InstallationInput;
  fixed: InstallationInput;
  said: string;
}[])("the flush against $trouble", ({ installation, fixed, said }) => {
  let gh: LocalGitHub;
  let server: CrashfixServer;
  const { log, lines } = capturedLog();
  // Two reports of one bug and one of another.
  const reports = [reportFor(1), reportFor(1), reportFor(2)];

  beforeAll(async () => {
    gh = await startGitHub();
    gh.setInstallation(installation);
    server = await startCrashfixServer(ingestConfig(gh), { log });
  });

  afterAll(async () => {
    await server?.close();
    await gh?.close();
  });

  it("files nothing and keeps every report in the spool, pass after pass", async () => {
    for (const report of reports) expect((await postReport(server.url, report)).status).toBe(202);
    await waitFor("three failed flush passes", async () =>
      ((await statsOf(server.url)).counters.flush_failures ?? 0) >= 3 ? true : undefined,
    );
    const stats = await statsOf(server.url);
    expect(stats.spoolDepth).toBe(reports.length);
    expect(stats.counters.reports_counted ?? 0).toBe(0);
    expect(await triageIssues(gh)).toEqual([]);
  });

  it("says why and what to do in one line per trouble, with no stack, however many passes fail", () => {
    const flushLines = lines.filter((line) => line.msg.startsWith("flush failed"));
    expect(flushLines).toEqual([
      expect.objectContaining({
        level: 40,
        msg: said,
        status: 403,
        fingerprint: expect.any(String),
      }),
    ]);
    for (const line of lines) {
      expect(line).not.toHaveProperty("err");
      expect(JSON.stringify(line)).not.toMatch(/\n\s+at /);
    }
  });

  it("counts every report exactly once after the installation is fixed, and says it files again", async () => {
    gh.setInstallation(fixed);
    await waitForEmptySpool(server.url);
    const totals = await triageTotals(gh);
    expect(totals.issues).toHaveLength(2);
    expect(totals.sum).toBe(reports.length);
    expect([...totals.commentCounts.values()]).toEqual([1, 1]);
    expect((await statsOf(server.url)).counters.reports_counted).toBe(reports.length);
    const resumed = lines.filter((line) => line.msg.startsWith("flush files again"));
    expect(resumed).toEqual([
      expect.objectContaining({
        level: 30,
        msg: "flush files again: GitHub accepts the App's installation",
      }),
    ]);
  });
});
