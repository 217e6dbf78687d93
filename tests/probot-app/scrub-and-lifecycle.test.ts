import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { Writable } from "node:stream";
import type { WebhookDefinition } from "@octokit/webhooks-examples";
import { sign } from "@octokit/webhooks-methods";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import { fingerprint } from "../../redact/index.js";
import { parseFixedAfter, statusOf } from "../../triage/index.js";
import {
  ADMIN_TOKEN,
  countersOf,
  ingestConfig,
  makeReport,
  post,
  postReport,
  startGitHub,
  TRIAGE,
  TRIAGE_REPO,
  triageIssues,
  waitFor,
} from "./harness.js";

// The package's main is a JSON file: load it the CommonJS way.
const examples = createRequire(import.meta.url)(
  "@octokit/webhooks-examples",
) as WebhookDefinition[];

const GITHUB_TOKEN = `ghp_${"A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"}`;
// Not AWS's documented example key, which the scrubber lets through as a known example.
const AWS_KEY = ["AKIA", "QWERTYUIOPASDFGH"].join("");

let gh: LocalGitHub;
let ingest: CrashfixServer;
const logLines: string[] = [];

beforeAll(async () => {
  gh = await startGitHub();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  ingest = await startCrashfixServer(ingestConfig(gh), { log: pino({ level: "warn" }, sink) });
});

afterAll(async () => {
  await ingest?.close();
  await gh?.close();
});

async function issueByFrame(frame: string) {
  return waitFor(`the triage issue for ${frame}`, async () =>
    (await triageIssues(gh)).find((issue) => issue.body?.includes(frame)),
  );
}

async function adminStats() {
  const res = await fetch(`${ingest.url}/v1/crash/stats`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  return (await res.json()) as { counters: Record<string, number> };
}

describe("the second scrub", () => {
  it("catches secrets a modified client let through, counts the miss by class and logs no value", async () => {
    const frames = ["leakyHandler", AWS_KEY, "main"];
    // A modified client: it skipped the scrub and fingerprinted the raw values.
    const report = makeReport({
      error_class: GITHUB_TOKEN,
      frames,
      fingerprint: fingerprint(GITHUB_TOKEN, frames),
    });
    expect((await postReport(ingest.url, report)).status).toBe(202);
    const issue = await issueByFrame("leakyHandler");
    const { counters } = await waitFor("counters", async () => {
      const c = await countersOf(gh, issue.number);
      return c.counters ? c : undefined;
    });
    const everything = JSON.stringify({ issue, counters });
    expect(everything).not.toContain(GITHUB_TOKEN);
    expect(everything).not.toContain(AWS_KEY);
    expect(issue.body).toContain("[REDACTED:GITHUB_TOKEN]");
    expect(issue.body).toContain("[REDACTED:AWS_ACCESS_KEY_ID]");
    const stats = await adminStats();
    expect(stats.counters.scrubber_misses).toBe(2);
    expect(stats.counters.scrubber_miss_GITHUB_TOKEN).toBe(1);
    expect(stats.counters.scrubber_miss_AWS_ACCESS_KEY_ID).toBe(1);
    const log = logLines.join("");
    expect(log).toContain("scrubber miss");
    expect(log).toContain("GITHUB_TOKEN");
    expect(log).not.toContain(GITHUB_TOKEN);
    expect(log).not.toContain(AWS_KEY);
  });
});

// A maintainer's confirm: POST /v1/crash/promote with the admin token.
const confirm = (fingerprint: string) =>
  post(
    ingest.url,
    JSON.stringify({ fingerprint }),
    { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
    "/v1/crash/promote",
  );

describe("the triage lifecycle", () => {
  const frames = ["lifecycleBug", "run", "main"];
  const fp = fingerprint("RangeError", frames);
  let issueNumber = 0;

  it("promotes a fingerprint to crash:confirmed with the admin token", async () => {
    await postReport(ingest.url, makeReport({ error_class: "RangeError", frames }));
    issueNumber = (await issueByFrame("lifecycleBug")).number;
    const first = await confirm(fp);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ issue: issueNumber, status: "crash:confirmed" });
    const again = await confirm(fp);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toEqual({
      issue: issueNumber,
      status: "crash:confirmed",
      unchanged: true,
    });
    const issue = (await triageIssues(gh)).find((i) => i.number === issueNumber);
    expect(statusOf(issue?.labels ?? [])).toBe("crash:confirmed");
  });

  it("marks an issue closed as completed crash:fixed after the newest version seen", async () => {
    await waitFor("the counters comment", async () => (await countersOf(gh, issueNumber)).counters);
    const closed = await fetch(`${gh.apiUrl}/repos/${TRIAGE_REPO}/issues/${issueNumber}`, {
      method: "PATCH",
      headers: { authorization: `token ${gh.token}`, "content-type": "application/json" },
      body: JSON.stringify({ state: "closed", state_reason: "completed" }),
    });
    const issue = (await closed.json()) as Record<string, unknown>;
    const sample = examples
      .find((group) => group.name === "issues")
      ?.examples.find((payload) => "action" in payload && payload.action === "reopened") as Record<
      string,
      unknown
    >;
    const { owner, repo } = TRIAGE;
    const payload = JSON.stringify({
      ...sample,
      action: "closed",
      issue: { ...(sample.issue as object), ...issue, state: "closed", state_reason: "completed" },
      repository: {
        ...(sample.repository as object),
        name: repo,
        full_name: TRIAGE_REPO,
        owner: { ...((sample.repository as { owner: object }).owner ?? {}), login: owner },
      },
      installation: { id: gh.app.installationId },
    });
    const answer = await post(
      ingest.url,
      payload,
      {
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": await sign(gh.app.webhookSecret, payload),
      },
      "/api/github/webhooks",
    );
    expect(answer.status).toBe(200);
    const fixed = await waitFor("crash:fixed", async () =>
      (await triageIssues(gh)).find(
        (i) => i.number === issueNumber && statusOf(i.labels) === "crash:fixed",
      ),
    );
    expect(fixed.state).toBe("closed");
    expect(parseFixedAfter(fixed.body)).toBe("1.2.3");
    // A maintainer's confirm, re-sent after the fix, leaves it fixed.
    const promoteAgain = await confirm(fp);
    expect(JSON.parse(promoteAgain.body)).toEqual({
      issue: issueNumber,
      status: "crash:fixed",
      unchanged: true,
    });
    const still = (await triageIssues(gh)).find((i) => i.number === issueNumber);
    expect(statusOf(still?.labels ?? [])).toBe("crash:fixed");
  });

  it("refuses a webhook with a bad signature", async () => {
    const answer = await post(
      ingest.url,
      "{}",
      {
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
      },
      "/api/github/webhooks",
    );
    expect(answer.status).toBeGreaterThanOrEqual(400);
  });

  it("keeps it closed for reports from old versions and reopens it as crash:regressed for a newer one", async () => {
    await postReport(
      ingest.url,
      makeReport({ error_class: "RangeError", frames, app_version: "1.2.0" }),
    );
    await waitFor("the old-version report to be counted", async () => {
      const { counters } = await countersOf(gh, issueNumber);
      return counters?.total === 2 ? true : undefined;
    });
    const still = (await triageIssues(gh)).find((i) => i.number === issueNumber);
    expect(still?.state).toBe("closed");
    await postReport(
      ingest.url,
      makeReport({ error_class: "RangeError", frames, app_version: "1.3.0" }),
    );
    const regressed = await waitFor("crash:regressed", async () =>
      (await triageIssues(gh)).find(
        (i) => i.number === issueNumber && statusOf(i.labels) === "crash:regressed",
      ),
    );
    expect(regressed.state).toBe("open");
    expect(regressed.labels.map((l) => l.name)).toContain("crashfix");
  });
});
