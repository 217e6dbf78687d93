import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { ConfigError } from "./config-error.js";
import { ENV_VARIABLES, type EnvName, type EnvVariable } from "./env-variables.js";

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
  flushTimeoutMs: number;
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

type Env = { [K in EnvName]: z.output<(typeof ENV_VARIABLES)[K]["schema"]> };

const setIt = (name: EnvName): string => `set it to ${ENV_VARIABLES[name].meaning}`;

/** Each variable parsed on its own, so one run names every bad variable. */
function parseVariables(env: NodeJS.ProcessEnv, problems: string[]): Env {
  const parsed: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(ENV_VARIABLES) as [EnvName, EnvVariable][]) {
    const raw = env[name];
    const result = variable.schema.safeParse(raw === "" ? undefined : raw);
    if (result.success) {
      parsed[name] = result.data;
    } else if (raw === undefined || raw === "") {
      problems.push(`${name} is not set; ${setIt(name)}`);
    } else {
      const why = result.error.issues[0]?.message ?? "is not valid";
      const shown = variable.secret
        ? ""
        : ` (it is "${raw.length > 60 ? `${raw.slice(0, 57)}...` : raw}")`;
      problems.push(`${name} ${why}${shown}; ${setIt(name)}`);
    }
  }
  return parsed as Env;
}

function readLocalCredentials(
  dataDir: string,
  readFile: (path: string) => string,
  problems: string[],
): AppAuth | undefined {
  const path = join(dataDir, "app-credentials.json");
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFile(path));
  } catch {
    problems.push(
      `CRASHFIX_LOCAL_GITHUB_DATA: cannot read ${path}; start the local GitHub with --data ${dataDir} first`,
    );
    return undefined;
  }
  const result = localCredentialsSchema.safeParse(parsed);
  if (!result.success) {
    problems.push(
      `CRASHFIX_LOCAL_GITHUB_DATA: ${path} holds no App credentials; delete it and start the local GitHub again`,
    );
    return undefined;
  }
  return result.data;
}

function readAppAuth(
  e: Env,
  env: NodeJS.ProcessEnv,
  readFile: (path: string) => string,
  problems: string[],
): AppAuth | undefined {
  if (e.CRASHFIX_LOCAL_GITHUB_DATA && !env.APP_ID) {
    return readLocalCredentials(e.CRASHFIX_LOCAL_GITHUB_DATA, readFile, problems);
  }
  const before = problems.length;
  if (!env.APP_ID) {
    problems.push(
      `APP_ID is not set; ${setIt("APP_ID")}, or set CRASHFIX_LOCAL_GITHUB_DATA to use a local GitHub`,
    );
  }
  if (env.PRIVATE_KEY && env.PRIVATE_KEY_PATH) {
    problems.push("PRIVATE_KEY and PRIVATE_KEY_PATH are both set; keep one of them");
  }
  let privateKey = e.PRIVATE_KEY?.replace(/\\n/g, "\n");
  if (!privateKey && e.PRIVATE_KEY_PATH) {
    try {
      privateKey = readFile(e.PRIVATE_KEY_PATH);
    } catch {
      problems.push(
        `PRIVATE_KEY_PATH: cannot read ${e.PRIVATE_KEY_PATH}; ${setIt("PRIVATE_KEY_PATH")}`,
      );
    }
    if (privateKey !== undefined && !privateKey.includes("PRIVATE KEY")) {
      problems.push(`PRIVATE_KEY_PATH: ${e.PRIVATE_KEY_PATH} holds no PEM private key`);
    }
  } else if (!env.PRIVATE_KEY && !env.PRIVATE_KEY_PATH) {
    problems.push(
      `PRIVATE_KEY is not set; ${setIt("PRIVATE_KEY")}, or set PRIVATE_KEY_PATH to a file holding it`,
    );
  }
  if (!env.WEBHOOK_SECRET) problems.push(`WEBHOOK_SECRET is not set; ${setIt("WEBHOOK_SECRET")}`);
  if (problems.length > before || !e.APP_ID || !privateKey || !e.WEBHOOK_SECRET) return undefined;
  return { appId: Number(e.APP_ID), privateKey, webhookSecret: e.WEBHOOK_SECRET };
}

// Parses the environment once, at start, into a typed config. Every problem
// is collected and thrown together, each naming the variable and what to set.
export function readEnvConfig(
  env: NodeJS.ProcessEnv = process.env,
  readFile: (path: string) => string = (path) => readFileSync(path, "utf8"),
): CrashfixConfig {
  const problems: string[] = [];
  const e = parseVariables(env, problems);
  const auth = readAppAuth(e, env, readFile, problems);
  if (e.CRASHFIX_REDIS_WAIT !== "none" && !e.CRASHFIX_REDIS_URL) {
    problems.push(
      "CRASHFIX_REDIS_WAIT applies to the Redis spool: set CRASHFIX_REDIS_URL, or leave CRASHFIX_REDIS_WAIT unset",
    );
  }
  if (problems.length > 0 || !auth) throw new ConfigError(problems);
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
    flushTimeoutMs: e.CRASHFIX_FLUSH_TIMEOUT_MS,
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
