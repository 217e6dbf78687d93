import { z } from "zod";

// Every variable the ingest reads, once: its schema, what it means and what to
// set. The reader parses with these; `crashfix-server --help` and the error
// for a bad environment are written from them.

const intFrom = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .optional()
    .transform((value) => value ?? fallback);

export type EnvVariable = {
  schema: z.ZodType;
  /**
   * What the value is, as the help and the errors say it: a noun phrase
   * (or the values it takes) that reads right after "set it to".
   */
  meaning: string;
  /** Shown in the help: the default, or how the value is found when unset. */
  fallback?: string;
  /** Never echoed back in an error. */
  secret?: boolean;
};

export const ENV_VARIABLES = {
  APP_ID: {
    schema: z.string().regex(/^\d+$/, "must be a number").optional(),
    meaning: "the GitHub App's numeric id (its settings page shows it)",
    fallback: "required unless CRASHFIX_LOCAL_GITHUB_DATA is set",
  },
  PRIVATE_KEY: {
    schema: z.string().includes("PRIVATE KEY", { message: "must be a PEM private key" }).optional(),
    meaning: "the App's private key, PEM text (\\n escapes are turned into newlines)",
    fallback: "or PRIVATE_KEY_PATH",
    secret: true,
  },
  PRIVATE_KEY_PATH: {
    schema: z.string().min(1).optional(),
    meaning: "the path of a file holding the App's PEM private key",
    fallback: "or PRIVATE_KEY",
  },
  WEBHOOK_SECRET: {
    schema: z.string().min(1, "must not be empty").optional(),
    meaning: "the App's webhook secret",
    fallback: "required with APP_ID",
    secret: true,
  },
  GITHUB_API_URL: {
    schema: z.url("must be a URL").default("https://api.github.com"),
    meaning: "GitHub's REST base URL (GitHub Enterprise Server: https://HOST/api/v3)",
    fallback: "https://api.github.com",
  },
  CRASHFIX_TRIAGE_REPO: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "must be owner/name of the private triage repo"),
    meaning: "owner/name of the private triage repository, e.g. acme/cli-crash-triage",
    fallback: "required",
  },
  CRASHFIX_LOCAL_GITHUB_DATA: {
    schema: z.string().min(1).optional(),
    meaning:
      "the data folder of a local GitHub (crashfix-github --data DIR), which holds its App credentials",
  },
  CRASHFIX_INSTALLATION_ID: {
    schema: z.string().regex(/^\d+$/, "must be a number").transform(Number).optional(),
    meaning: "the id of the App's installation on the triage repository",
    fallback: "looked up",
  },
  CRASHFIX_ADMIN_TOKEN: {
    schema: z.string().min(16, "must be at least 16 characters").optional(),
    meaning:
      "a bearer token of 16 or more characters for the admin routes: GET /v1/crash/stats, POST /v1/crash/promote, /forget and /flush",
    fallback: "unset: admin routes closed",
    secret: true,
  },
  CRASHFIX_SPOOL_DIR: {
    schema: z.string().min(1).default(".crashfix-spool"),
    meaning: "the durable spool folder (one per instance)",
    fallback: ".crashfix-spool",
  },
  CRASHFIX_FLUSH_INTERVAL_MS: {
    schema: intFrom(10_000, 1),
    meaning: "the milliseconds between two edits of one fingerprint's counters",
    fallback: "10000",
  },
  CRASHFIX_REDIS_URL: {
    schema: z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
      .optional(),
    meaning: "the URL of a Redis shared by several instances (redis://HOST:6379)",
    fallback: "unset",
    secret: true,
  },
  // With Redis: what a 202 waits for beyond Redis holding the report
  // (WAITAOF / WAIT), how long a report id is remembered, how long entries a
  // dead flusher took stay with it, and the lease of a fingerprint's flush.
  CRASHFIX_REDIS_WAIT: {
    schema: z
      .string()
      .regex(
        /^(none|aof|replicas:[1-9]\d*|aof\+replicas:[1-9]\d*)$/,
        "must be none, aof, replicas:<n> or aof+replicas:<n>",
      )
      .default("none"),
    meaning:
      "none, aof (WAITAOF, Redis 7.2+), replicas:<n> (WAIT) or aof+replicas:<n>: what a 202 waits for beyond Redis applying the write",
    fallback: "none",
  },
  CRASHFIX_REDIS_WAIT_TIMEOUT_MS: {
    schema: intFrom(1_000, 1),
    meaning:
      "the milliseconds a report waits for what CRASHFIX_REDIS_WAIT asks before it is answered 503",
    fallback: "1000",
  },
  // The client backs off up to 24 h between attempts (cli/outbox/flush-state.ts).
  CRASHFIX_REPORT_ID_TTL_HOURS: {
    schema: z
      .string()
      .regex(/^\d+$/, "must be a whole number of hours")
      .transform(Number)
      .pipe(z.number().int().min(25, "must be over 24: clients wait up to 24 h between retries"))
      .optional()
      .transform((value) => value ?? 168),
    meaning:
      "the number of hours a report id is remembered in Redis to drop client retries (over 24)",
    fallback: "168",
  },
  CRASHFIX_CLAIM_IDLE_MS: {
    schema: intFrom(60_000, 100),
    meaning:
      "the milliseconds before reports a dead flusher read are taken over by another (Redis)",
    fallback: "60000",
  },
  CRASHFIX_FLUSH_LOCK_MS: {
    schema: intFrom(30_000, 100),
    meaning: "the lease of one fingerprint's flush lock in milliseconds (Redis)",
    fallback: "30000",
  },
  CRASHFIX_FLUSH_TIMEOUT_MS: {
    schema: intFrom(120_000, 100),
    meaning:
      "the milliseconds one fingerprint's flush may hold its lock before it is given up and its GitHub requests aborted (Redis)",
    fallback: "120000",
  },
  // A scheduled flush (flush --once, serverless) starts no pass after this.
  CRASHFIX_FLUSH_DEADLINE_MS: {
    schema: intFrom(25_000, 1),
    meaning: "the milliseconds after which flush --once or the serverless flush starts no new pass",
    fallback: "25000",
  },
  CRASHFIX_MAX_BODY_BYTES: {
    schema: intFrom(8192, 256),
    meaning: "the request body cap in bytes",
    fallback: "8192",
  },
  CRASHFIX_BODY_TIMEOUT_MS: {
    schema: intFrom(5_000, 1),
    meaning: "the deadline for a request body in milliseconds",
    fallback: "5000",
  },
  CRASHFIX_RATE_IP_PER_MINUTE: {
    schema: intFrom(120, 1),
    meaning: "the number of reports allowed a minute per client address",
    fallback: "120",
  },
  CRASHFIX_RATE_PROJECT_PER_MINUTE: {
    schema: intFrom(600, 1),
    meaning: "the number of reports allowed a minute per project hash",
    fallback: "600",
  },
  CRASHFIX_MAX_NEW_ISSUES_PER_HOUR: {
    schema: intFrom(30, 0),
    meaning:
      "the number of new triage issues allowed an hour (more new fingerprints wait in the spool)",
    fallback: "30",
  },
  CRASHFIX_MAX_SPOOL_ENTRIES: {
    schema: intFrom(1_000_000, 1),
    meaning: "the number of spooled reports allowed before POST /v1/crash answers 503",
    fallback: "1000000",
  },
  // How many counted report ids are remembered to drop client retries.
  CRASHFIX_COUNTED_IDS: {
    schema: intFrom(500_000, 2),
    meaning: "the number of counted report ids remembered to drop client retries",
    fallback: "500000",
  },
  CRASHFIX_WRITE_INTERVAL_MS: {
    schema: intFrom(1_000, 0),
    meaning: "the milliseconds between two GitHub writes",
    fallback: "1000",
  },
  CRASHFIX_CREATE_INTERVAL_MS: {
    schema: intFrom(3_000, 0),
    meaning: "the milliseconds between two issue or comment creations",
    fallback: "3000",
  },
  CRASHFIX_RETRY_AFTER_BASE_MS: {
    schema: intFrom(1_000, 0),
    meaning: "the unit of Retry-After in milliseconds",
    fallback: "1000",
  },
  CRASHFIX_LOCK_WAIT_MS: {
    schema: intFrom(60_000, 0),
    meaning: "the milliseconds a loser of the label race waits before taking over",
    fallback: "60000",
  },
  // Below GitHub's 80 a minute and 500 an hour, leaving room for the
  // promote workflow and humans sharing the installation.
  CRASHFIX_WRITES_PER_MINUTE: {
    schema: intFrom(60, 1),
    meaning: "the number of GitHub writes allowed a minute",
    fallback: "60",
  },
  CRASHFIX_WRITES_PER_HOUR: {
    schema: intFrom(400, 1),
    meaning: "the number of GitHub writes allowed an hour",
    fallback: "400",
  },
  CRASHFIX_TRUST_PROXY: {
    schema: z.enum(["true", "false"], "must be true or false").default("false"),
    meaning: "true to take the client address from X-Forwarded-For (behind a proxy), or false",
    fallback: "false",
  },
  CRASHFIX_SHARED_COUNTERS: {
    schema: z.enum(["true", "false"], "must be true or false").default("false"),
    meaning: "true to re-read the counters comment before each edit (several instances), or false",
    fallback: "false",
  },
  // A TCP port; 0 picks a free one.
  PORT: {
    schema: intFrom(3000, 0, 65535),
    meaning: "the port to listen on (0 to 65535; 0 picks a free one)",
    fallback: "3000",
  },
  HOST: {
    schema: z.string().min(1).default("127.0.0.1"),
    meaning: "the address to listen on (0.0.0.0 serves beyond this machine)",
    fallback: "127.0.0.1",
  },
  LOG_LEVEL: {
    schema: z
      .enum(
        ["trace", "debug", "info", "warn", "error", "fatal", "silent"],
        "must be one of trace, debug, info, warn, error, fatal, silent",
      )
      .default("info"),
    meaning: "a log level: trace, debug, info, warn, error, fatal or silent",
    fallback: "info",
  },
} satisfies Record<string, EnvVariable>;

export type EnvName = keyof typeof ENV_VARIABLES;

/** `--port` -> "set PORT": crashfix-server takes its settings from the environment only. */
export function variableForOption(option: string): string | undefined {
  const upper = option.toUpperCase().replace(/-/g, "_");
  const names = Object.keys(ENV_VARIABLES);
  const name = names.find((candidate) => candidate === upper || candidate === `CRASHFIX_${upper}`);
  return name ? `crashfix-server takes its settings from the environment: set ${name}` : undefined;
}

/** The environment part of `crashfix-server --help`: every variable, its default, its meaning. */
export function environmentHelp(): string {
  const rows = Object.entries(ENV_VARIABLES as Record<string, EnvVariable>).map(
    ([name, variable]) =>
      [name, `${variable.meaning}${variable.fallback ? ` [${variable.fallback}]` : ""}`] as const,
  );
  const width = Math.max(...rows.map(([name]) => name.length));
  return [
    "Environment (the ingest is configured only through it):",
    ...rows.map(([name, text]) => `  ${name.padEnd(width)}  ${text}`),
  ].join("\n");
}
