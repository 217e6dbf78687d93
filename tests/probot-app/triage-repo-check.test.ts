import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { startLocalGitHub } from "../../local-github/index.js";
import { readEnvConfig } from "../../probot-app/config/read-env-config.js";
import {
  checkTriageRepo,
  type TriageRepoAccess,
} from "../../probot-app/preflight/check-triage-repo.js";
import { watchTriageRepo } from "../../probot-app/preflight/watch-triage-repo.js";
import { pickPort } from "../../probot-app/server/pick-port.js";
import {
  type CrashfixServer,
  startCrashfixServer,
} from "../../probot-app/server/start-crashfix-server.js";
import { capturedLog } from "./captured-log.js";
import { ADMIN_TOKEN, ingestEnv, postReport, reportFor, tempDir, waitFor } from "./harness.js";

// The local GitHub's App is installed on every repository it has: a missing
// repository stands for "not there, or the App is not installed on it",
// which GitHub answers alike (404).
const PRIVATE = "acme/triage";
const PUBLIC = "acme/open-triage";

let gh: LocalGitHub;
let notGitHub: Server;
let notGitHubUrl: string;

beforeAll(async () => {
  gh = await startLocalGitHub({
    dataDir: tempDir("github"),
    privateRepos: [PRIVATE],
    repos: [PUBLIC],
  });
  // Some other web server where GitHub's API was meant to be.
  notGitHub = createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((done) => notGitHub.listen(0, "127.0.0.1", done));
  const { port } = notGitHub.address() as { port: number };
  notGitHubUrl = `http://127.0.0.1:${port}/api/v3`;
});

afterAll(async () => {
  await new Promise((done) => notGitHub.close(done));
  await gh.close();
});

const settingsFor = (extra: Record<string, string>) =>
  readEnvConfig(ingestEnv(gh, { CRASHFIX_TRIAGE_REPO: PRIVATE, ...extra }));

describe("checkTriageRepo", () => {
  it("finds a private triage repo the App's installation can write issues in", async () => {
    expect(await checkTriageRepo(settingsFor({}))).toEqual({
      ok: true,
      installationId: gh.app.installationId,
    });
  });

  it.each([
    [
      "a repository that does not exist (or the App is not installed on)",
      { CRASHFIX_TRIAGE_REPO: "acme/nope" },
      "triage repo acme/nope not found, or the App is not installed on it",
      /create acme\/nope as a private repository and install the GitHub App \(id \d+\) on acme\/nope with Issues read and write, or fix CRASHFIX_TRIAGE_REPO/,
    ],
    [
      "a public repository",
      { CRASHFIX_TRIAGE_REPO: PUBLIC },
      `triage repo ${PUBLIC} is public`,
      /make it private in its settings, or set CRASHFIX_TRIAGE_REPO to a private repository/,
    ],
    [
      "an installation id that is not the App's on the repository",
      { CRASHFIX_INSTALLATION_ID: "999999" },
      /the App's installation on acme\/triage is \d+, not the configured 999999/,
      /set CRASHFIX_INSTALLATION_ID=\d+, or unset it/,
    ],
  ])("refuses %s, saying what to do", async (_case, env, reason, fix) => {
    const access = await checkTriageRepo(settingsFor(env));
    expect(access).toMatchObject({ ok: false, definite: true });
    const refused = access as Extract<TriageRepoAccess, { ok: false }>;
    if (typeof reason === "string") expect(refused.reason).toBe(reason);
    else expect(refused.reason).toMatch(reason);
    expect(refused.fix).toMatch(fix);
  });

  it("refuses a private key that is not the App's", async () => {
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const settings = { ...settingsFor({}), privateKey };
    expect(await checkTriageRepo(settings)).toMatchObject({
      ok: false,
      definite: true,
      reason: "GitHub refused the App's credentials",
      fix: expect.stringContaining("APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH)"),
    });
  });

  it("says a URL that answers but is not GitHub's API is the wrong GITHUB_API_URL", async () => {
    expect(await checkTriageRepo(settingsFor({ GITHUB_API_URL: notGitHubUrl }))).toMatchObject({
      ok: false,
      definite: true,
      reason: `${notGitHubUrl} answered HTTP 404 but is not GitHub's REST API`,
      fix: expect.stringContaining("set GITHUB_API_URL"),
    });
  });

  it.each([
    [
      "GitHub answers 502",
      { status: 502 },
      /^GitHub at http:\/\/127\.0\.0\.1:\d+\/api\/v3 answered HTTP 502$/,
      /^nothing to change here: this passes on GitHub's side/,
    ],
    [
      "the connection is cut",
      { reset: true },
      /^GitHub did not answer at http:\/\/127\.0\.0\.1:\d+\/api\/v3 \(.+\)$/,
      /^check GITHUB_API_URL and this host's network; reports wait in the spool meanwhile$/,
    ],
  ])("calls it a passing trouble, not a refusal, when %s", async (_case, fault, reason, fix) => {
    gh.setFaults([{ route: "GET /repos/{owner}/{repo}/installation", ...fault }]);
    try {
      expect(await checkTriageRepo(settingsFor({}))).toMatchObject({
        ok: false,
        definite: false,
        reason: expect.stringMatching(reason),
        fix: expect.stringMatching(fix),
      });
    } finally {
      gh.setFaults([]);
    }
  });
});

describe("watchTriageRepo", () => {
  const refusal = { ok: false, definite: true, reason: "gone", fix: "make it" } as const;
  const blip = { ok: false, definite: false, reason: "no answer", fix: "wait" } as const;

  function watched(answers: TriageRepoAccess[]) {
    const { log, lines } = capturedLog();
    let calls = 0;
    const check = async () => answers[Math.min(calls++, answers.length - 1)] as TriageRepoAccess;
    const watch = watchTriageRepo(check, log, { failingMs: 10, okMs: 10 });
    return { watch, lines, calls: () => calls };
  }

  it("logs one error line for a refusal however often it is found again, and one line when it is fixed", async () => {
    const { watch, lines, calls } = watched([
      refusal,
      refusal,
      refusal,
      { ok: true, installationId: 1 },
    ]);
    await waitFor("five checks", () => (calls() >= 5 ? true : undefined));
    watch.stop();
    expect(lines.map(({ level, msg }) => [level, msg])).toEqual([
      [50, "the flush cannot file reports: gone; make it"],
      [30, "triage repo reachable: the App can file reports there"],
    ]);
    expect(watch.health()).toEqual({ ok: true });
  });

  it("logs a passing trouble as a warning, and keeps its reason for /healthz", async () => {
    const { watch, lines, calls } = watched([blip]);
    await waitFor("two checks", () => (calls() >= 2 ? true : undefined));
    watch.stop();
    expect(lines.map(({ level, msg }) => [level, msg])).toEqual([
      [40, "the flush cannot file reports: no answer; wait"],
    ]);
    expect(watch.health()).toEqual({
      ok: false,
      reason: "no answer",
      fix: "wait",
      definite: false,
      holdsFiling: false,
    });
  });

  it("answers settled() once the first check has answered, and at once after stop()", async () => {
    let answer: (access: TriageRepoAccess) => void = () => {};
    const { log } = capturedLog();
    const watch = watchTriageRepo(
      () => new Promise<TriageRepoAccess>((resolve) => (answer = resolve)),
      log,
    );
    let settled = false;
    void watch.settled().then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    answer(refusal);
    await watch.settled();
    expect(watch.health()).toMatchObject({ ok: false, definite: true, holdsFiling: false });
    watch.stop();
    const never = watchTriageRepo(() => new Promise<TriageRepoAccess>(() => {}), log);
    never.stop();
    await never.settled();
    expect(never.health()).toBeUndefined();
  });
});

describe.each([
  {
    trouble: "a triage repo GitHub refuses",
    env: async () => ({ CRASHFIX_TRIAGE_REPO: "acme/nope" }),
    level: 50,
    reason: /^triage repo acme\/nope not found, or the App is not installed on it$/,
    fix: /^create acme\/nope as a private repository and install the GitHub App \(id \d+\) on acme\/nope with Issues read and write, or fix CRASHFIX_TRIAGE_REPO$/,
    shown: "GitHub refused the triage repo check: reports wait in the spool",
  },
  {
    trouble: "GitHub unreachable",
    // A free port nothing listens on.
    env: async () => ({ GITHUB_API_URL: `http://127.0.0.1:${await pickPort("127.0.0.1")}/api/v3` }),
    level: 40,
    reason: /^GitHub did not answer at http:\/\/127\.0\.0\.1:\d+\/api\/v3 \(.*ECONNREFUSED.*\)$/,
    fix: /^check GITHUB_API_URL and this host's network; reports wait in the spool meanwhile$/,
    shown: "GitHub did not answer the triage repo check: reports wait in the spool",
  },
  {
    trouble: "a public triage repo",
    env: async () => ({ CRASHFIX_TRIAGE_REPO: PUBLIC }),
    level: 50,
    reason: /^triage repo acme\/open-triage is public$/,
    fix: /^make it private in its settings, or set CRASHFIX_TRIAGE_REPO to a private repository: .*; reports wait in the spool meanwhile$/,
    shown: "the triage repo is public: reports wait in the spool until it is private",
  },
])("the ingest with $trouble", ({ env, level, reason, fix, shown }) => {
  let server: CrashfixServer;
  const { log, lines } = capturedLog();

  beforeAll(async () => {
    server = await startCrashfixServer(settingsFor(await env()), { log });
  });

  afterAll(() => server.close());

  it("still accepts reports into its spool, and /healthz says the flush is stuck, with status 200 and no names", async () => {
    expect((await postReport(server.url, reportFor(1))).status).toBe(202);
    const health = await waitFor("the first check", async () => {
      const res = await fetch(`${server.url}/healthz`);
      const body = (await res.json()) as { flush?: unknown };
      return body.flush ? { status: res.status, body } : undefined;
    });
    expect(health).toEqual({
      status: 200,
      body: {
        ok: true,
        spoolDepth: 1,
        flush: {
          ok: false,
          reason: shown,
          details: "in the ingest's log, and from crashfix-server check",
        },
      },
    });
  });

  it("says why, and what to do, in one log line: an error when GitHub refused, a warning when it did not answer", () => {
    const said = lines.filter((line) => line.msg.startsWith("the flush cannot file reports: "));
    expect(said).toEqual([expect.objectContaining({ level })]);
    const told = (said[0]?.msg ?? "").slice("the flush cannot file reports: ".length);
    const why = told.slice(0, told.indexOf("; "));
    const todo = told.slice(told.indexOf("; ") + 2);
    expect(why).toMatch(reason);
    expect(todo).toMatch(fix);
  });
});

describe("the ingest with a public triage repo", () => {
  let server: CrashfixServer;

  beforeAll(async () => {
    server = await startCrashfixServer(settingsFor({ CRASHFIX_TRIAGE_REPO: PUBLIC }), {
      log: capturedLog().log,
    });
  });

  afterAll(() => server.close());

  it("files nothing there: the reports wait in the spool while flush passes are held", async () => {
    expect((await postReport(server.url, reportFor(2))).status).toBe(202);
    const stats = () =>
      fetch(`${server.url}/v1/crash/stats`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      }).then(
        (res) => res.json() as Promise<{ counters: Record<string, number>; spoolDepth: number }>,
      );
    // Three passes held (200 ms apart) after the report was spooled.
    await waitFor("three held flush passes", async () =>
      ((await stats()).counters.flushes_held ?? 0) >= 3 ? true : undefined,
    );
    const after = await stats();
    expect(after.spoolDepth).toBe(1);
    expect(after.counters.issues_created ?? 0).toBe(0);
    const issues = await fetch(`${gh.apiUrl}/repos/${PUBLIC}/issues?state=all`, {
      headers: { authorization: `token ${gh.token}` },
    }).then((res) => res.json() as Promise<unknown[]>);
    expect(issues).toEqual([]);
  });
});
