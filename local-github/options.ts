import { z } from "zod";
import { LocalGitHubError } from "./errors.js";

// GitHub's documented budgets, used as defaults so local runs feel the same pressure:
// https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api
export const limitsSchema = z
  .object({
    /** Primary limit: requests per window per credential (installation tokens: 5,000/hour). */
    primary: z
      .object({
        limit: z.number().int().positive().default(5000),
        windowSeconds: z.number().int().positive().default(3600),
        /** GitHub answers a spent limit with 403, sometimes 429. */
        status: z.union([z.literal(403), z.literal(429)]).default(403),
      })
      .strict()
      .default({ limit: 5000, windowSeconds: 3600, status: 403 }),
    /** Secondary limit on content creation: 80 a minute and 500 an hour. `0` disables a bucket. */
    secondary: z
      .object({
        perMinute: z.number().int().nonnegative().default(80),
        perHour: z.number().int().nonnegative().default(500),
        retryAfterSeconds: z.number().int().positive().default(60),
        status: z.union([z.literal(403), z.literal(429)]).default(403),
      })
      .strict()
      .default({ perMinute: 80, perHour: 500, retryAfterSeconds: 60, status: 403 }),
    /** Search API: 30 requests a minute; new and edited issues show up after an indexing delay. */
    search: z
      .object({
        perMinute: z.number().int().nonnegative().default(30),
        indexDelaySeconds: z.number().nonnegative().default(0),
      })
      .strict()
      .default({ perMinute: 30, indexDelaySeconds: 0 }),
    /** Request bodies larger than this are refused with 413. */
    maxBodyBytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
  })
  .strict();

export type Limits = z.infer<typeof limitsSchema>;
export type LimitsInput = z.input<typeof limitsSchema>;

export const faultRuleSchema = z
  .object({
    /** A route key such as `POST /repos/{owner}/{repo}/issues`, or `*` for every API route. */
    route: z.string().min(1).default("*"),
    /** Answer matching requests with this 5xx. A rule with neither `status` nor `reset` only adds latency. */
    status: z.number().int().min(500).max(599).optional(),
    /** Share of matching requests that fail, 0..1. */
    rate: z.number().min(0).max(1).default(1),
    /** Stop after this many injections (deterministic tests use `times` with rate 1). */
    times: z.number().int().positive().optional(),
    /** Delay added before the request is handled (applies to every matching request). */
    latencyMs: z.number().int().nonnegative().max(60_000).default(0),
    /** Destroy the connection instead of answering. */
    reset: z.boolean().default(false),
    /**
     * `before`: the request fails without effect. `after`: the request is carried
     * out, then the answer is lost (5xx or reset) — the ambiguous failure a client
     * must survive without doing the write twice.
     */
    phase: z.enum(["before", "after"]).default("before"),
  })
  .strict();

export type FaultRule = z.infer<typeof faultRuleSchema>;
export type FaultRuleInput = z.input<typeof faultRuleSchema>;

const fullNamePattern = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;
export const repoFullNameSchema = z
  .string()
  .regex(fullNamePattern, "a repository is named owner/name (letters, digits, '-', '.', '_')")
  .refine((value) => !value.endsWith(".git") && !value.split("/")[1]?.startsWith("."), {
    message: "a repository name may not start with '.' or end with '.git'",
  });

export const tokenSchema = z
  .string()
  .min(8, "a token has at least 8 characters")
  .max(255)
  .regex(/^[\x21-\x7e]+$/, "a token is printable ASCII without spaces");

export const webhookUrlSchema = z
  .string()
  .url()
  .refine((url) => /^https?:\/\//.test(url), "a webhook URL is http(s)");

/** An installation permission's level, as GitHub's App settings name them (Read-only, Read & write, No access). */
export const permissionLevelSchema = z.enum(["read", "write", "none"], {
  error: (issue) => `a permission is "read", "write" or "none", not ${JSON.stringify(issue.input)}`,
});

/**
 * The App's installation: suspended or not, and its repository permissions.
 * Only the permissions crashfix uses: the ingest files issues, the Action's
 * promote step files issues and its auto-fix pushes a branch (contents) and
 * opens a pull request. Metadata stays read, as GitHub keeps it for every
 * App with repository access:
 * https://docs.github.com/rest/authentication/permissions-required-for-github-apps
 */
export const installationSchema = z
  .object({
    suspended: z.boolean().optional(),
    /**
     * What a token already issued may do after the installation changes.
     * GitHub does not document it, so both cases can be tried: "current"
     * (the default), every call is held to the installation as it is now;
     * "as-issued", a token never gains: it keeps at most the permissions it
     * was issued with, and one issued before a suspension stays refused
     * after the unsuspension. A loss applies at once either way.
     */
    tokenGrant: z
      .enum(["current", "as-issued"], {
        error: (issue) =>
          `a token grant is "current" or "as-issued", not ${JSON.stringify(issue.input)}`,
      })
      .optional(),
    permissions: z
      .object({
        issues: permissionLevelSchema,
        pull_requests: permissionLevelSchema,
        contents: permissionLevelSchema,
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict();

export type InstallationInput = z.input<typeof installationSchema>;

export const optionsSchema = z
  .object({
    port: z.number().int().min(0).max(65535).default(0),
    host: z.literal("127.0.0.1").default("127.0.0.1"),
    dataDir: z.string().min(1),
    /** Created public if missing; an existing repository keeps its visibility. */
    repos: z.array(repoFullNameSchema).default([]),
    /** Created private if missing, and made private if it exists as public (a triage repository). */
    privateRepos: z.array(repoFullNameSchema).default([]),
    token: tokenSchema.optional(),
    limits: limitsSchema.default(limitsSchema.parse({})),
    faults: z.array(faultRuleSchema).default([]),
    /** Reuse rendered GET answers until the next write (off: every read hits SQLite). */
    responseCache: z.boolean().default(true),
    /** Where the App's webhook events are POSTed (e.g. Probot's /api/github/webhooks). */
    webhookUrl: webhookUrlSchema.optional(),
    /** Default: not suspended, every permission write. */
    installation: installationSchema.default({}),
  })
  .strict();

export type LocalGitHubOptions = z.input<typeof optionsSchema> & {
  /** Clock in epoch milliseconds (tests move it to expire tokens). */
  now?: () => number;
  /** Source of randomness for fault shares. */
  random?: () => number;
};
export type ParsedOptions = z.infer<typeof optionsSchema>;

/** Input the local GitHub refuses: the call it was given to, and zod's account of each problem. */
export function invalidOptions(call: string, error: z.ZodError): LocalGitHubError {
  return new LocalGitHubError("INVALID_OPTIONS", `${call}:\n${z.prettifyError(error)}`, {
    cause: error,
  });
}

export function parseOptions(input: LocalGitHubOptions): ParsedOptions {
  const { now: _now, random: _random, ...rest } = input;
  const result = optionsSchema.safeParse(rest);
  if (!result.success) throw invalidOptions("startLocalGitHub", result.error);
  return result.data;
}

export function parseLimits(input: LimitsInput): Limits {
  return limitsSchema.parse(input);
}
