import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { ConfigError } from "./config-error.js";

const intFrom = (fallback: number, min = 0) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min))
    .optional()
    .transform((value) => value ?? fallback);

const envSchema = z.object({
  APP_ID: z.string().regex(/^\d+$/, "must be the numeric GitHub App id").optional(),
  PRIVATE_KEY: z
    .string()
    .includes("PRIVATE KEY", { message: "must be a PEM private key" })
    .optional(),
  PRIVATE_KEY_PATH: z.string().min(1).optional(),
  WEBHOOK_SECRET: z.string().min(1).optional(),
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  CRASHFIX_TRIAGE_REPO: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "must be owner/name of the private triage repo"),
  CRASHFIX_ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  CRASHFIX_SPOOL_DIR: z.string().min(1).default(".crashfix-spool"),
  CRASHFIX_FLUSH_INTERVAL_MS: intFrom(10_000, 1),
  CRASHFIX_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// URL")
    .optional(),
  // With Redis: what a 202 waits for beyond Redis holding the report
  // (WAITAOF / WAIT), how long a report id is remembered, how long entries a
  // dead flusher took stay with it, and the lease of a fingerprint's flush.
  CRASHFIX_REDIS_WAIT: z
    .string()
    .regex(
      /^(none|aof|replicas:[1-9]\d*|aof\+replicas:[1-9]\d*)$/,
      "must be none, aof, replicas:<n> or aof+replicas:<n>",
    )
    .default("none"),
  CRASHFIX_REDIS_WAIT_TIMEOUT_MS: intFrom(1_000, 1),
  // The client backs off up to 24 h between attempts (cli/outbox/flush-state.ts).
  CRASHFIX_REPORT_ID_TTL_HOURS: z
    .string()
    .regex(/^\d+$/, "must be a whole number of hours")
    .transform(Number)
    .pipe(z.number().int().min(25, "must be over 24: clients wait up to 24 h between retries"))
    .optional()
    .transform((value) => value ?? 168),
  CRASHFIX_CLAIM_IDLE_MS: intFrom(60_000, 100),
  CRASHFIX_FLUSH_LOCK_MS: intFrom(30_000, 100),
  // A scheduled flush (flush --once, serverless) starts no pass after this.
  CRASHFIX_FLUSH_DEADLINE_MS: intFrom(25_000, 1),
  CRASHFIX_LOCAL_GITHUB_DATA: z.string().min(1).optional(),
  CRASHFIX_INSTALLATION_ID: z.string().regex(/^\d+$/).transform(Number).optional(),
  CRASHFIX_MAX_BODY_BYTES: intFrom(8192, 256),
  CRASHFIX_BODY_TIMEOUT_MS: intFrom(5_000, 1),
  CRASHFIX_RATE_IP_PER_MINUTE: intFrom(120, 1),
  CRASHFIX_RATE_PROJECT_PER_MINUTE: intFrom(600, 1),
  CRASHFIX_MAX_NEW_ISSUES_PER_HOUR: intFrom(30, 0),
  CRASHFIX_MAX_SPOOL_ENTRIES: intFrom(1_000_000, 1),
  // How many counted report ids are remembered to drop client retries.
  CRASHFIX_COUNTED_IDS: intFrom(500_000, 2),
  CRASHFIX_WRITE_INTERVAL_MS: intFrom(1_000, 0),
  CRASHFIX_CREATE_INTERVAL_MS: intFrom(3_000, 0),
  CRASHFIX_RETRY_AFTER_BASE_MS: intFrom(1_000, 0),
  CRASHFIX_LOCK_WAIT_MS: intFrom(60_000, 0),
  // Below GitHub's 80 a minute and 500 an hour, leaving room for the
  // promote workflow and humans sharing the installation.
  CRASHFIX_WRITES_PER_MINUTE: intFrom(60, 1),
  CRASHFIX_WRITES_PER_HOUR: intFrom(400, 1),
  CRASHFIX_TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  CRASHFIX_SHARED_COUNTERS: z.enum(["true", "false"]).default("false"),
  PORT: intFrom(3000, 0),
  HOST: z.string().min(1).default("127.0.0.1"),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
});

export type CrashfixConfig = {
  appId: number;
  privateKey: string;
  webhookSecret: string;
  githubApiUrl: string;
  triageRepo: { owner: string; repo: string };
  installationId?: number;
  adminToken?: string;
  spoolDir: string;
  flushIntervalMs: number;
  redisUrl?: string;
  // Acknowledgements a 202 waits for in Redis mode: local AOF fsync (0 or 1)
  // and replicas.
  redisWait: RedisWait;
  redisWaitTimeoutMs: number;
  reportIdTtlMs: number;
  claimIdleMs: number;
  flushLockMs: number;
  flushDeadlineMs: number;
  maxBodyBytes: number;
  bodyTimeoutMs: number;
  rateIpPerMinute: number;
  rateProjectPerMinute: number;
  maxNewIssuesPerHour: number;
  maxSpoolEntries: number;
  countedIds: number;
  writeIntervalMs: number;
  createIntervalMs: number;
  retryAfterBaseMs: number;
  lockWaitMs: number;
  writesPerMinute: number;
  writesPerHour: number;
  trustProxy: boolean;
  sharedCounters: boolean;
  port: number;
  host: string;
  logLevel: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
};

export type RedisWait = { aof: 0 | 1; replicas: number };

function parseRedisWait(value: string): RedisWait {
  const replicas = Number(/replicas:(\d+)/.exec(value)?.[1] ?? 0);
  return { aof: value.startsWith("aof") ? 1 : 0, replicas };
}

// The file a local GitHub (crashfix-github --data DIR) writes on first start.
const localCredentialsSchema = z.object({
  appId: z.number().int().positive(),
  installationId: z.number().int().positive(),
  privateKey: z.string().includes("PRIVATE KEY"),
  webhookSecret: z.string().min(1),
});

type AppAuth = {
  appId: number;
  privateKey: string;
  webhookSecret: string;
  installationId?: number;
};

function readLocalCredentials(dataDir: string, readFile: (path: string) => string): AppAuth {
  const path = join(dataDir, "app-credentials.json");
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFile(path));
  } catch (error: unknown) {
    throw new ConfigError(
      `CRASHFIX_LOCAL_GITHUB_DATA: cannot read ${path}; start the local GitHub with --data ${dataDir} first`,
      { cause: error },
    );
  }
  const result = localCredentialsSchema.safeParse(parsed);
  if (!result.success) {
    throw new ConfigError(`CRASHFIX_LOCAL_GITHUB_DATA: ${path} holds no App credentials`, {
      cause: result.error,
    });
  }
  return result.data;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
}

// Parses the environment once, at start, into a typed config; every problem
// is named with the variable to fix.
export function readEnvConfig(
  env: NodeJS.ProcessEnv = process.env,
  readFile: (path: string) => string = (path) => readFileSync(path, "utf8"),
): CrashfixConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`invalid environment: ${describeIssues(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  const e = parsed.data;
  if (e.CRASHFIX_REDIS_WAIT !== "none" && !e.CRASHFIX_REDIS_URL) {
    throw new ConfigError(
      "CRASHFIX_REDIS_WAIT applies to the Redis spool: set CRASHFIX_REDIS_URL, or leave CRASHFIX_REDIS_WAIT unset",
    );
  }
  let auth: AppAuth;
  if (e.CRASHFIX_LOCAL_GITHUB_DATA && !e.APP_ID) {
    auth = readLocalCredentials(e.CRASHFIX_LOCAL_GITHUB_DATA, readFile);
  } else {
    if (!e.APP_ID) throw new ConfigError("APP_ID is required (or CRASHFIX_LOCAL_GITHUB_DATA)");
    if (e.PRIVATE_KEY && e.PRIVATE_KEY_PATH) {
      throw new ConfigError("set PRIVATE_KEY or PRIVATE_KEY_PATH, not both");
    }
    let privateKey = e.PRIVATE_KEY?.replace(/\\n/g, "\n");
    if (!privateKey && e.PRIVATE_KEY_PATH) {
      try {
        privateKey = readFile(e.PRIVATE_KEY_PATH);
      } catch (error: unknown) {
        throw new ConfigError(`PRIVATE_KEY_PATH: cannot read ${e.PRIVATE_KEY_PATH}`, {
          cause: error,
        });
      }
    }
    if (!privateKey?.includes("PRIVATE KEY")) {
      throw new ConfigError("PRIVATE_KEY or PRIVATE_KEY_PATH must give the App's PEM private key");
    }
    if (!e.WEBHOOK_SECRET) throw new ConfigError("WEBHOOK_SECRET is required");
    auth = { appId: Number(e.APP_ID), privateKey, webhookSecret: e.WEBHOOK_SECRET };
  }
  const [owner = "", repo = ""] = e.CRASHFIX_TRIAGE_REPO.split("/");
  const config: CrashfixConfig = {
    appId: auth.appId,
    privateKey: auth.privateKey,
    webhookSecret: e.WEBHOOK_SECRET ?? auth.webhookSecret,
    githubApiUrl: e.GITHUB_API_URL.replace(/\/+$/, ""),
    triageRepo: { owner, repo },
    spoolDir: e.CRASHFIX_SPOOL_DIR,
    flushIntervalMs: e.CRASHFIX_FLUSH_INTERVAL_MS,
    redisWait: parseRedisWait(e.CRASHFIX_REDIS_WAIT),
    redisWaitTimeoutMs: e.CRASHFIX_REDIS_WAIT_TIMEOUT_MS,
    reportIdTtlMs: e.CRASHFIX_REPORT_ID_TTL_HOURS * 3_600_000,
    claimIdleMs: e.CRASHFIX_CLAIM_IDLE_MS,
    flushLockMs: e.CRASHFIX_FLUSH_LOCK_MS,
    flushDeadlineMs: e.CRASHFIX_FLUSH_DEADLINE_MS,
    maxBodyBytes: e.CRASHFIX_MAX_BODY_BYTES,
    bodyTimeoutMs: e.CRASHFIX_BODY_TIMEOUT_MS,
    rateIpPerMinute: e.CRASHFIX_RATE_IP_PER_MINUTE,
    rateProjectPerMinute: e.CRASHFIX_RATE_PROJECT_PER_MINUTE,
    maxNewIssuesPerHour: e.CRASHFIX_MAX_NEW_ISSUES_PER_HOUR,
    maxSpoolEntries: e.CRASHFIX_MAX_SPOOL_ENTRIES,
    countedIds: e.CRASHFIX_COUNTED_IDS,
    writeIntervalMs: e.CRASHFIX_WRITE_INTERVAL_MS,
    createIntervalMs: e.CRASHFIX_CREATE_INTERVAL_MS,
    retryAfterBaseMs: e.CRASHFIX_RETRY_AFTER_BASE_MS,
    lockWaitMs: e.CRASHFIX_LOCK_WAIT_MS,
    writesPerMinute: e.CRASHFIX_WRITES_PER_MINUTE,
    writesPerHour: e.CRASHFIX_WRITES_PER_HOUR,
    trustProxy: e.CRASHFIX_TRUST_PROXY === "true",
    sharedCounters: e.CRASHFIX_SHARED_COUNTERS === "true",
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
  };
  const installationId = e.CRASHFIX_INSTALLATION_ID ?? auth.installationId;
  if (installationId !== undefined) config.installationId = installationId;
  if (e.CRASHFIX_ADMIN_TOKEN) config.adminToken = e.CRASHFIX_ADMIN_TOKEN;
  if (e.CRASHFIX_REDIS_URL) config.redisUrl = e.CRASHFIX_REDIS_URL;
  return config;
}
