import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { promisify } from "node:util";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import { CRASHFIX_LABEL, fpLabel, renderPromotedComment } from "../../triage/index.js";
import {
  ADMIN_TOKEN,
  countersOf,
  ingestConfig,
  post,
  postReport,
  reportFor,
  startGitHub,
  TRIAGE_REPO,
  triageIssues,
  waitFor,
} from "./harness.js";

// Deletion on request, as a maintainer runs it: `crashfix-server forget
// <fingerprint>` (the built bin) against a running ingest and the local GitHub.
const BIN = join(import.meta.dirname, "../../lib/probot-app/bin/crashfix-server.js");
const exec = promisify(execFile);
const PUBLIC_REPO = "acme/tool";
const [owner = "", name = ""] = PUBLIC_REPO.split("/");

let gh: LocalGitHub;
let ingest: CrashfixServer;
let spoolDir = "";
const logLines: string[] = [];

beforeAll(async () => {
  gh = await startGitHub();
  await gh.createRepo(PUBLIC_REPO);
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const config = ingestConfig(gh);
  spoolDir = config.spoolDir;
  ingest = await startCrashfixServer(config, { log: pino({ level: "info" }, sink) });
});

afterAll(async () => {
  await ingest?.close();
  await gh?.close();
});

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${gh.apiUrl}${path}`, {
    ...init,
    headers: { authorization: `token ${gh.token}`, "content-type": "application/json" },
  });

function forget(fingerprint: string, env: Record<string, string> = {}) {
  return runCommand([fingerprint], env);
}

function runCommand(args: readonly string[], env: Record<string, string> = {}) {
  return exec(process.execPath, [BIN, "forget", ...args], {
    env: {
      PATH: process.env.PATH ?? "",
      CRASHFIX_URL: ingest.url,
      CRASHFIX_ADMIN_TOKEN: ADMIN_TOKEN,
      ...env,
    },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

function onDisk(): string {
  return readdirSync(spoolDir)
    .map((file) => readFileSync(join(spoolDir, file), "utf8"))
    .join("\n");
}

// A crash filed by the ingest, promoted as the promote step does it (public
// issue with the fp: label, the promotion note on the triage issue).
async function filedAndPromoted(bug: number) {
  const first = reportFor(bug);
  await postReport(ingest.url, first);
  const issue = await waitFor("the triage issue", async () =>
    (await triageIssues(gh)).find((i) => i.body?.includes(first.fingerprint)),
  );
  await waitFor("its counters", async () => (await countersOf(gh, issue.number)).counters);
  await api(`/repos/${PUBLIC_REPO}/labels`, {
    method: "POST",
    body: JSON.stringify({ name: fpLabel(first.fingerprint), color: "ededed" }),
  });
  const created = await api(`/repos/${PUBLIC_REPO}/issues`, {
    method: "POST",
    body: JSON.stringify({
      title: `Crash: TypeError in handler${bug}`,
      body: `seen 1 time(s)\nFingerprint: \`${first.fingerprint}\``,
      labels: [CRASHFIX_LABEL, fpLabel(first.fingerprint)],
    }),
  });
  const publicIssue = (await created.json()) as { number: number; html_url: string };
  await api(`/repos/${TRIAGE_REPO}/issues/${issue.number}/comments`, {
    method: "POST",
    body: JSON.stringify({
      body: renderPromotedComment(
        { owner, repo: name, number: publicIssue.number },
        publicIssue.html_url,
        fpLabel(first.fingerprint),
      ),
    }),
  });
  return { fingerprint: first.fingerprint, triage: issue.number, public: publicIssue.number };
}

describe("forgetting a fingerprint on request", { timeout: 60_000 }, () => {
  it("drops its waiting reports from the spool and ledger, deletes the triage issue, neutralises the public one, and logs no fingerprint", async () => {
    const crash = await filedAndPromoted(901);
    // Reports that wait in the spool when the deletion comes, beside others.
    await ingest.flusher.stop();
    const waiting = [reportFor(901), reportFor(901), reportFor(901)];
    const other = [reportFor(902), reportFor(902)];
    for (const report of [...waiting, ...other]) await postReport(ingest.url, report);
    expect(onDisk()).toContain(waiting[0]?.report_id);

    const done = await forget(crash.fingerprint);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain("spool: 3 waiting report(s) dropped");
    expect(done.stdout).toContain("ledger: 1 report id(s) dropped");
    expect(done.stdout).toContain("triage issue: deleted");
    expect(done.stdout).toContain("public issue: closed");

    const disk = onDisk();
    for (const report of waiting) expect(disk).not.toContain(report.report_id);
    expect(disk).not.toContain(crash.fingerprint);
    for (const report of other) expect(disk).toContain(report.report_id);

    expect((await api(`/repos/${TRIAGE_REPO}/issues/${crash.triage}`)).status).toBe(410);
    expect((await api(`/repos/${TRIAGE_REPO}/labels/${fpLabel(crash.fingerprint)}`)).status).toBe(
      404,
    );
    const publicIssue = (await (
      await api(`/repos/${PUBLIC_REPO}/issues/${crash.public}`)
    ).json()) as {
      state: string;
      title: string;
      body: string;
      labels: { name: string }[];
    };
    expect(publicIssue.state).toBe("closed");
    expect(publicIssue.title).toBe("Crash report removed");
    expect(publicIssue.body).not.toContain(crash.fingerprint);
    expect(publicIssue.body).not.toMatch(/seen \d/);
    expect(publicIssue.labels.map((l) => l.name)).not.toContain(fpLabel(crash.fingerprint));

    // The other crash is counted as before.
    ingest.flusher.start();
    const log = logLines.join("");
    expect(log).toContain("a fingerprint was forgotten on request");
    expect(log).not.toContain(crash.fingerprint.slice(0, 16));
    await waitFor("the other crash's counters", async () => {
      const issue = (await triageIssues(gh)).find((i) =>
        i.body?.includes(other[0]?.fingerprint ?? "-"),
      );
      return issue && (await countersOf(gh, issue.number)).counters?.total === 2 ? true : undefined;
    });
  });

  it("files a fresh triage issue for the next report of a forgotten fingerprint", async () => {
    const crash = await filedAndPromoted(903);
    expect((await forget(crash.fingerprint)).code).toBe(0);
    await postReport(ingest.url, reportFor(903));
    const fresh = await waitFor("a fresh triage issue", async () =>
      (await triageIssues(gh)).find((i) => i.body?.includes(crash.fingerprint)),
    );
    expect(fresh.number).not.toBe(crash.triage);
    expect((await countersOf(gh, fresh.number)).counters?.total ?? 1).toBe(1);
  });

  it("empties and closes the triage issue where GitHub refuses to delete it", async () => {
    const crash = await filedAndPromoted(904);
    gh.setFaults([{ route: "POST /graphql", status: 502 }]);
    try {
      const done = await forget(crash.fingerprint);
      expect(done.stdout).toContain("triage issue: emptied");
    } finally {
      gh.setFaults([]);
    }
    const issue = (await (await api(`/repos/${TRIAGE_REPO}/issues/${crash.triage}`)).json()) as {
      state: string;
      title: string;
      body: string;
      labels: unknown[];
      comments: number;
    };
    expect(issue).toMatchObject({
      state: "closed",
      title: "Crash report removed",
      labels: [],
      comments: 0,
    });
    expect(issue.body).not.toContain(crash.fingerprint);
  });

  it.each([
    ["a fingerprint that is not 64 hex", ["abc"], {}, 2, "64-hex fingerprint"],
    ["no admin token", ["a".repeat(64)], { CRASHFIX_ADMIN_TOKEN: "" }, 2, "CRASHFIX_ADMIN_TOKEN"],
    [
      "a wrong admin token",
      ["a".repeat(64)],
      { CRASHFIX_ADMIN_TOKEN: "wrong-token-0123456789" },
      1,
      "refused the admin token",
    ],
    [
      "an ingest that is not running",
      ["a".repeat(64)],
      { CRASHFIX_URL: "http://127.0.0.1:9" },
      1,
      "cannot reach the ingest",
    ],
  ])("the command refuses %s with a clear message", async (_name, args, env, code, message) => {
    const result = await runCommand(args, env);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
  });

  it.each([
    ["no admin token", {}, `{"fingerprint":"${"a".repeat(64)}"}`, 401],
    [
      "a body that is not the fingerprint",
      { authorization: `Bearer ${ADMIN_TOKEN}` },
      '{"fingerprint":"x"}',
      400,
    ],
    [
      "an unknown key",
      { authorization: `Bearer ${ADMIN_TOKEN}` },
      `{"fingerprint":"${"a".repeat(64)}","all":true}`,
      400,
    ],
  ])("the route refuses %s", async (_name, headers, body, status) => {
    const answer = await post(
      ingest.url,
      body,
      { "content-type": "application/json", ...headers },
      "/v1/crash/forget",
    );
    expect(answer.status).toBe(status);
  });

  it("answers a fingerprint it never saw without error", async () => {
    const answer = await post(
      ingest.url,
      JSON.stringify({ fingerprint: "b".repeat(64) }),
      { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
      "/v1/crash/forget",
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ triageIssue: "not-found", spoolReports: 0 });
  });
});
