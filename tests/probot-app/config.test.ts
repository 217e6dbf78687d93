import { describe, expect, it } from "vitest";
import { ConfigError } from "../../probot-app/config/config-error.js";
import { ENV_VARIABLES } from "../../probot-app/config/env-variables.js";
import { readEnvConfig } from "../../probot-app/config/read-env-config.js";

const KEY = "-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n";
const base = {
  APP_ID: "12",
  PRIVATE_KEY: KEY,
  WEBHOOK_SECRET: "secret",
  CRASHFIX_TRIAGE_REPO: "acme/triage",
};
const noFile = (path: string): string => {
  throw Object.assign(new Error(`ENOENT ${path}`), { code: "ENOENT" });
};

describe("readEnvConfig", () => {
  it("fills documented defaults, binding to loopback", () => {
    const config = readEnvConfig(base, noFile);
    expect(config).toMatchObject({
      appId: 12,
      githubApiUrl: "https://api.github.com",
      triageRepo: { owner: "acme", repo: "triage" },
      host: "127.0.0.1",
      port: 3000,
      flushIntervalMs: 10_000,
      maxBodyBytes: 8192,
    });
    expect(config.redisUrl).toBeUndefined();
  });

  it("reads the key from PRIVATE_KEY_PATH and turns escaped newlines into real ones", () => {
    const { PRIVATE_KEY: _key, ...rest } = base;
    expect(readEnvConfig({ ...rest, PRIVATE_KEY_PATH: "/k.pem" }, () => KEY).privateKey).toBe(KEY);
    const escaped = KEY.replace(/\n/g, "\\n");
    expect(readEnvConfig({ ...base, PRIVATE_KEY: escaped }, noFile).privateKey).toBe(KEY);
  });

  it("takes the App credentials from a local GitHub's data dir", () => {
    const file = JSON.stringify({
      appId: 1001,
      installationId: 2002,
      privateKey: KEY,
      webhookSecret: "s".repeat(32),
      slug: "crashfix-local",
    });
    const config = readEnvConfig(
      { CRASHFIX_TRIAGE_REPO: "acme/triage", CRASHFIX_LOCAL_GITHUB_DATA: "/data" },
      (path) => (path.endsWith("app-credentials.json") ? file : noFile(path)),
    );
    expect(config).toMatchObject({ appId: 1001, installationId: 2002, privateKey: KEY });
  });

  it.each([
    ["a missing triage repo", { CRASHFIX_TRIAGE_REPO: undefined }, /CRASHFIX_TRIAGE_REPO/],
    ["a triage repo without owner", { CRASHFIX_TRIAGE_REPO: "triage" }, /owner\/name/],
    [
      "a missing APP_ID",
      { APP_ID: undefined },
      /APP_ID is not set; set it to the GitHub App's numeric id/,
    ],
    ["a non-numeric APP_ID", { APP_ID: "abc" }, /APP_ID/],
    ["a key that is not PEM", { PRIVATE_KEY: "hunter2" }, /PRIVATE_KEY/],
    ["both key variables", { PRIVATE_KEY_PATH: "/k.pem" }, /both set; keep one of them/],
    ["a missing webhook secret", { WEBHOOK_SECRET: undefined }, /WEBHOOK_SECRET/],
    ["a bad API URL", { GITHUB_API_URL: "not a url" }, /GITHUB_API_URL/],
    [
      "a negative flush interval",
      { CRASHFIX_FLUSH_INTERVAL_MS: "-5" },
      /CRASHFIX_FLUSH_INTERVAL_MS/,
    ],
    ["a short admin token", { CRASHFIX_ADMIN_TOKEN: "short" }, /CRASHFIX_ADMIN_TOKEN/],
    ["a non-redis Redis URL", { CRASHFIX_REDIS_URL: "http://x" }, /CRASHFIX_REDIS_URL/],
    ["an unknown Redis wait", { CRASHFIX_REDIS_WAIT: "fsync" }, /CRASHFIX_REDIS_WAIT must be none/],
    [
      "a Redis wait for zero replicas",
      { CRASHFIX_REDIS_WAIT: "replicas:0" },
      /CRASHFIX_REDIS_WAIT/,
    ],
    [
      "a Redis wait without Redis",
      { CRASHFIX_REDIS_WAIT: "aof" },
      /CRASHFIX_REDIS_WAIT applies to the Redis spool: set CRASHFIX_REDIS_URL/,
    ],
    [
      "a report-id horizon within the client's 24 h backoff",
      { CRASHFIX_REPORT_ID_TTL_HOURS: "24" },
      /CRASHFIX_REPORT_ID_TTL_HOURS must be over 24/,
    ],
    ["a claim idle time under 100 ms", { CRASHFIX_CLAIM_IDLE_MS: "5" }, /CRASHFIX_CLAIM_IDLE_MS/],
    [
      "a flush lock lease in words",
      { CRASHFIX_FLUSH_LOCK_MS: "a minute" },
      /CRASHFIX_FLUSH_LOCK_MS/,
    ],
    [
      "a flush timeout under 100 ms",
      { CRASHFIX_FLUSH_TIMEOUT_MS: "50" },
      /CRASHFIX_FLUSH_TIMEOUT_MS must be at least 100/,
    ],
    ["an unknown log level", { LOG_LEVEL: "loud" }, /LOG_LEVEL/],
    [
      "a port beyond 65535",
      { PORT: "99999" },
      /PORT must be at most 65535 \(it is "99999"\); set /,
    ],
    [
      "an unreadable key path",
      { PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: "/nope" },
      /cannot read/,
    ],
    [
      "an empty local data dir",
      { APP_ID: undefined, CRASHFIX_LOCAL_GITHUB_DATA: "/x" },
      /start the local GitHub/,
    ],
  ])("refuses %s and names the variable", (_name, change, message) => {
    const env: Record<string, string | undefined> = { ...base, ...change };
    expect(() => readEnvConfig(env, noFile)).toThrow(message);
  });

  it.each([
    ["none", { aof: 0, replicas: 0 }],
    ["aof", { aof: 1, replicas: 0 }],
    ["replicas:2", { aof: 0, replicas: 2 }],
    ["aof+replicas:1", { aof: 1, replicas: 1 }],
  ])("reads CRASHFIX_REDIS_WAIT=%s", (value, wait) => {
    const env = {
      ...base,
      CRASHFIX_REDIS_URL: "redis://127.0.0.1:6379",
      CRASHFIX_REDIS_WAIT: value,
    };
    expect(readEnvConfig(env, noFile).redisWait).toEqual(wait);
  });

  it("remembers report ids for a week by default, past the client's 24 h backoff", () => {
    expect(readEnvConfig(base, noFile)).toMatchObject({
      reportIdTtlMs: 7 * 24 * 3_600_000,
      redisWait: { aof: 0, replicas: 0 },
      claimIdleMs: 60_000,
      flushLockMs: 30_000,
    });
  });

  it("lists every problem of an empty environment at once, each with what to set", () => {
    expect(() => readEnvConfig({}, noFile)).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/\(4 problems\)/),
        problems: [
          expect.stringMatching(/^CRASHFIX_TRIAGE_REPO is not set; set it to owner\/name/),
          expect.stringMatching(/^APP_ID is not set; set it to /),
          expect.stringMatching(/^PRIVATE_KEY is not set; set it to /),
          expect.stringMatching(/^WEBHOOK_SECRET is not set; set it to /),
        ],
      }),
    );
  });

  it("names several bad values in one error, and never echoes a secret", () => {
    const env = {
      ...base,
      PRIVATE_KEY: "hunter2-not-a-key",
      PORT: "eighty",
      CRASHFIX_TRUST_PROXY: "yes",
    };
    expect(() => readEnvConfig(env, noFile)).toThrow(ConfigError);
    expect(() => readEnvConfig(env, noFile)).toThrow(
      expect.objectContaining({
        problems: [
          expect.stringMatching(/^PRIVATE_KEY must be a PEM private key; set it to /),
          expect.stringMatching(/^CRASHFIX_TRUST_PROXY must be true or false \(it is "yes"\)/),
          expect.stringMatching(/^PORT must be a whole number \(it is "eighty"\)/),
        ],
      }),
    );
    expect(() => readEnvConfig(env, noFile)).not.toThrow(/hunter2/);
  });
});

// The fix in each problem is "set it to <meaning>": a meaning must read as
// the value to set (a noun phrase, or the values it takes), in the help too.
describe("the fix each problem names", () => {
  const problemFor = (name: string, value: string): string | undefined => {
    try {
      readEnvConfig({ ...base, [name]: value }, noFile);
    } catch (error: unknown) {
      if (error instanceof ConfigError) return error.problems.find((p) => p.startsWith(name));
      throw error;
    }
    return undefined;
  };

  it.each([
    [
      "CRASHFIX_ADMIN_TOKEN",
      "short",
      "CRASHFIX_ADMIN_TOKEN must be at least 16 characters; set it to a bearer token of 16 or more characters for the admin routes: GET /v1/crash/stats, POST /v1/crash/promote, /forget and /flush",
    ],
    [
      "CRASHFIX_FLUSH_INTERVAL_MS",
      "0",
      `CRASHFIX_FLUSH_INTERVAL_MS must be at least 1 (it is "0"); set it to the milliseconds between two edits of one fingerprint's counters`,
    ],
  ])("reads as a sentence for a bad %s", (name, value, problem) => {
    expect(problemFor(name, value)).toBe(problem);
  });

  it.each(
    Object.entries(ENV_VARIABLES).map(([name, variable]) => [name, variable.meaning] as const),
  )("for %s, names a value to set it to: %s", (_name, meaning) => {
    expect(meaning).toMatch(/^(the |a |an |GitHub's |true |none, |owner\/name )/);
  });
});
