import { Octokit } from "@octokit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import { etagCache } from "../../probot-app/worker/etag-cache.js";
import { fpLabel } from "../../triage/index.js";
import {
  ADMIN_TOKEN,
  ingestConfig,
  reportFor,
  sendAll,
  startGitHub,
  TRIAGE,
  TRIAGE_REPO,
  triageIssues,
  waitFor,
} from "./harness.js";

let gh: LocalGitHub;
const servers: CrashfixServer[] = [];

beforeAll(async () => {
  gh = await startGitHub();
});

afterAll(async () => {
  for (const server of servers) await server.close();
  await gh?.close();
});

describe("conditional reads", () => {
  it("sends If-None-Match and answers a 304 from memory", async () => {
    const CachedOctokit = Octokit.plugin(etagCache);
    const octokit = new CachedOctokit({ auth: gh.token, baseUrl: gh.apiUrl });
    const { owner, repo } = TRIAGE;
    const first = await octokit.request("GET /repos/{owner}/{repo}/labels", { owner, repo });
    const second = await octokit.request("GET /repos/{owner}/{repo}/labels", { owner, repo });
    expect(second.data).toEqual(first.data);
    // The local GitHub answered 304 (no body): the data came from memory.
    expect(octokit.etagHits()).toBe(1);
  });
});

describe("the cap on new issues per hour", () => {
  it("opens issues up to the cap and keeps the other reports spooled", async () => {
    const ingest = await startCrashfixServer(
      ingestConfig(gh, { CRASHFIX_MAX_NEW_ISSUES_PER_HOUR: "2" }),
    );
    servers.push(ingest);
    const reports = Array.from({ length: 40 }, (_, i) => reportFor(5000 + (i % 4)));
    await sendAll(() => ingest.url, reports, 4);
    await waitFor("two issues and deferred flushes", async () => {
      const stats = (await (
        await fetch(`${ingest.url}/v1/crash/stats`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        })
      ).json()) as { counters: Record<string, number> };
      return (stats.counters.new_issues_deferred ?? 0) > 0 && (await ingest.spool.depth()) === 20
        ? true
        : undefined;
    });
    expect(await triageIssues(gh)).toHaveLength(2);
    expect(await ingest.spool.depth()).toBe(20);
  });
});

describe("the fp: label lock", () => {
  it("takes over when the label's winner died before opening the issue", async () => {
    const report = reportFor(6000);
    // A winner that created the label and then crashed.
    const created = await fetch(`${gh.apiUrl}/repos/${TRIAGE_REPO}/labels`, {
      method: "POST",
      headers: { authorization: `token ${gh.token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: fpLabel(report.fingerprint), color: "ededed" }),
    });
    expect(created.status).toBe(201);
    const ingest = await startCrashfixServer(ingestConfig(gh, { CRASHFIX_LOCK_WAIT_MS: "500" }));
    servers.push(ingest);
    await sendAll(() => ingest.url, [report, reportFor(6000)], 1);
    const issues = await waitFor("the taken-over issue", async () => {
      const found = (await triageIssues(gh)).filter((issue) =>
        issue.labels.some((label) => label.name === fpLabel(report.fingerprint)),
      );
      return found.length > 0 && (await ingest.spool.depth()) === 0 ? found : undefined;
    });
    expect(issues).toHaveLength(1);
    const stats = (await (
      await fetch(`${ingest.url}/v1/crash/stats`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      })
    ).json()) as { counters: Record<string, number> };
    expect(stats.counters.label_lock_lost).toBe(1);
    expect(stats.counters.label_lock_takeovers).toBe(1);
  });
});
