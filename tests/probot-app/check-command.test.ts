// `crashfix-server check` as an operator runs it: the built bin, against the
// local GitHub and, where redis-server is installed, a real Redis.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../fixtures/redis-server.js";
import { type LocalGitHub, startLocalGitHub } from "../../local-github/index.js";
import { pickPort } from "../../probot-app/server/pick-port.js";
import { assertBuilt, runBin } from "./bin-instance.js";
import { describeWithRedis } from "./describe-with-redis.js";
import { tempDir } from "./harness.js";

let gh: LocalGitHub;
let env: Record<string, string>;

beforeAll(async () => {
  assertBuilt();
  gh = await startLocalGitHub({ dataDir: tempDir("github"), privateRepos: ["acme/triage"] });
  env = {
    PATH: process.env.PATH ?? "",
    CRASHFIX_LOCAL_GITHUB_DATA: gh.dataDir,
    GITHUB_API_URL: gh.apiUrl,
    CRASHFIX_TRIAGE_REPO: "acme/triage",
    CRASHFIX_SPOOL_DIR: "/var/spool/crashfix",
    PORT: "3000",
  };
});

afterAll(() => gh.close());

const check = (extra: Record<string, string> = {}) => runBin(["check"], { ...env, ...extra });

describe("crashfix-server check", () => {
  it("asks GitHub and says what the ingest would run with, exit 0", async () => {
    const run = await check();
    expect(run).toEqual({
      status: 0,
      stderr: "",
      stdout: [
        "crashfix-server: the environment can start the ingest:",
        "  listen on     127.0.0.1:3000",
        `  GitHub        ${gh.apiUrl} as App ${gh.app.appId}`,
        `  triage repo   acme/triage: private, installation ${gh.app.installationId}, the App can write issues`,
        "  spool         /var/spool/crashfix",
        "  admin routes  closed (no CRASHFIX_ADMIN_TOKEN)",
        "  Redis         none (one instance)",
        "",
      ].join("\n"),
    });
  });

  it("exits 1 for a triage repo GitHub does not have, naming it and what to do", async () => {
    const run = await check({ CRASHFIX_TRIAGE_REPO: "acme/triag" });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("triage repo   acme/triag: NOT USABLE (below)");
    expect(run.stderr).toBe(
      `crashfix-server check: triage repo acme/triag not found, or the App is not installed on it; create acme/triag as a private repository and install the GitHub App (id ${gh.app.appId}) on acme/triag with Issues read and write, or fix CRASHFIX_TRIAGE_REPO\n`,
    );
  });

  describe("with the App's installation not fit to file", () => {
    afterEach(() => gh.setInstallation({ suspended: false, permissions: { issues: "write" } }));

    it.each([
      [
        "suspended",
        () => gh.setInstallation({ suspended: true }),
        () => ({}),
        () =>
          "the App's installation on acme/triage is suspended; unsuspend it in the installation's settings (the organisation's or account's GitHub Apps)",
      ],
      [
        "with Issues read only",
        () => gh.setInstallation({ permissions: { issues: "read" } }),
        () => ({}),
        () =>
          "the App cannot write issues in acme/triage (its Issues permission is read); give the App Issues: Read and write in its settings, then accept the new permission on its installation",
      ],
      [
        "without Issues",
        () => gh.setInstallation({ permissions: { issues: "none" } }),
        () => ({}),
        () =>
          "the App cannot write issues in acme/triage (its Issues permission is none); give the App Issues: Read and write in its settings, then accept the new permission on its installation",
      ],
      [
        "other than CRASHFIX_INSTALLATION_ID",
        () => {},
        () => ({ CRASHFIX_INSTALLATION_ID: String(gh.app.installationId + 1) }),
        () =>
          `the App's installation on acme/triage is ${gh.app.installationId}, not the configured ${gh.app.installationId + 1}; set CRASHFIX_INSTALLATION_ID=${gh.app.installationId}, or unset it and the ingest looks it up`,
      ],
    ])(
      "exits 1 for an installation %s, in one line that says what to do",
      async (_case, arrange, extra, said) => {
        arrange();
        const run = await check(extra());
        expect(run.status).toBe(1);
        expect(run.stdout).toContain("triage repo   acme/triage: NOT USABLE (below)");
        expect(run.stderr).toBe(`crashfix-server check: ${said()}\n`);
      },
    );
  });

  it("exits 1 for a HOST this machine cannot listen on, naming HOST and what to set", async () => {
    const run = await check({ HOST: "999.1.1.1" });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "crashfix-server check: the ingest cannot listen on 999.1.1.1:3000: HOST is not an address of this machine (ENOTFOUND). Set HOST to one of its addresses: 127.0.0.1 for this machine only, 0.0.0.0 for every interface.\n",
    );
  });

  it("exits 1 when CRASHFIX_REDIS_URL points at a web server, saying it is not Redis", async () => {
    const web = createServer((_req, res) => res.end("hello"));
    await new Promise<void>((done) => web.listen(0, "127.0.0.1", done));
    const { port } = web.address() as AddressInfo;
    try {
      const run = await check({ CRASHFIX_REDIS_URL: `redis://127.0.0.1:${port}` });
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(
        `crashfix-server check: redis://127.0.0.1:${port} answered, but is not Redis (it spoke HTTP: is that a web server's port?): set CRASHFIX_REDIS_URL to where Redis runs\n`,
      );
    } finally {
      await new Promise((done) => web.close(done));
    }
  });

  it("warns of a misspelt CRASHFIX_ variable with the one it is closest to, and still passes", async () => {
    const run = await check({ CRASHFIX_TRIAGE_REPOS: "acme/other", CRASHFIX_ENDPOINT: "x" });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      "crashfix-server: warning: CRASHFIX_TRIAGE_REPOS is not a crashfix variable and is ignored; did you mean CRASHFIX_TRIAGE_REPO?\n",
    );
  });
});

describeWithRedis("crashfix-server check with CRASHFIX_REDIS_URL", () => {
  let redis: RedisServer;
  let version: string;

  beforeAll(async () => {
    redis = await startRedisServer();
    const info = await redis.client().info("server");
    version = /^redis_version:(\S+)/m.exec(info)?.[1] ?? "";
  }, 60_000);

  afterAll(() => redis.stop());

  it("connects and reports the server's version", async () => {
    const run = await check({ CRASHFIX_REDIS_URL: redis.url });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("  spool         in Redis (CRASHFIX_SPOOL_DIR is not used)\n");
    expect(run.stdout).toContain(
      `  Redis         redis://127.0.0.1:${redis.port}, Redis ${version}, shared with other instances\n`,
    );
  });

  it("exits 1 when Redis does not answer, naming where it looked", async () => {
    const port = await pickPort("127.0.0.1");
    const run = await check({ CRASHFIX_REDIS_URL: `redis://:secret@127.0.0.1:${port}` });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`  Redis         redis://127.0.0.1:${port}, NOT USABLE (below)\n`);
    expect(run.stderr).toMatch(
      new RegExp(
        `^crashfix-server check: cannot reach Redis at redis://127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED.*\\): start it, or set CRASHFIX_REDIS_URL to where it runs\\n$`,
      ),
    );
    expect(run.stderr).not.toContain("secret");
  });

  it("exits 1 when CRASHFIX_REDIS_WAIT=aof asks what this Redis cannot give, as start refuses it", async () => {
    // The fixture runs Redis without appendonly: before 7.2 WAITAOF is
    // missing, from 7.2 on it refuses without the append-only file.
    const [major = 0, minor = 0] = version.split(".").map(Number);
    const why =
      major > 7 || (major === 7 && minor >= 2)
        ? "CRASHFIX_REDIS_WAIT=aof needs the append-only file: set appendonly yes on the Redis server"
        : "CRASHFIX_REDIS_WAIT=aof needs WAITAOF, which Redis has since 7.2: upgrade Redis, or set appendfsync always on it and CRASHFIX_REDIS_WAIT=none";
    const run = await check({ CRASHFIX_REDIS_URL: redis.url, CRASHFIX_REDIS_WAIT: "aof" });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `crashfix-server check: Redis ${version} at redis://127.0.0.1:${redis.port}: ${why}\n`,
    );
  });

  it("exits 1 when CRASHFIX_REDIS_WAIT asks for more replicas than Redis has connected, naming the fix", async () => {
    const run = await check({ CRASHFIX_REDIS_URL: redis.url, CRASHFIX_REDIS_WAIT: "replicas:1" });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      `  Redis         redis://127.0.0.1:${redis.port}, NOT USABLE (below)\n`,
    );
    expect(run.stderr).toBe(
      `crashfix-server check: Redis ${version} at redis://127.0.0.1:${redis.port}: CRASHFIX_REDIS_WAIT=replicas:1 asks for 1 connected replica and it has 0, so every report gets 503: attach replicas to it (REPLICAOF on each), or set CRASHFIX_REDIS_WAIT to what it has\n`,
    );
  });

  // Last: it turns on a password for the rest of this Redis's life.
  it.each([
    ["no password", (port: number) => `redis://127.0.0.1:${port}`],
    ["a wrong password", (port: number) => `redis://:wrong@127.0.0.1:${port}`],
  ])("exits 1 when Redis wants a password and CRASHFIX_REDIS_URL has %s", async (_case, urlOf) => {
    await redis.client().config("SET", "requirepass", "s3cret-for-tests");
    const run = await check({ CRASHFIX_REDIS_URL: urlOf(redis.port) });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `crashfix-server check: Redis at redis://127.0.0.1:${redis.port} refused the credentials in CRASHFIX_REDIS_URL: set redis://USER:PASSWORD@HOST:PORT to an account it accepts\n`,
    );
  });
});
