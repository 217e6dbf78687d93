import { z } from "zod";
import { CrashfixError } from "./errors.js";
import { type ResolvedConfig, type ResolveOptions, resolveConfig } from "./resolve-config.js";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

const endpointSchema = z
  .url({ protocol: /^https?$/, error: "endpoint must be an http(s) URL" })
  .refine(
    (value) => {
      const url = new URL(value);
      return url.protocol === "https:" || LOOPBACK.has(url.hostname);
    },
    { error: "endpoint must use https (plain http is allowed for 127.0.0.1/localhost only)" },
  );

export const reporterConfigSchema = z.strictObject({
  app: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "app must be a lower-case id like `loki-mode`"),
  version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/, "version must be like 1.2.3"),
  repo: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/, "repo must be `owner/name`"),
  displayName: z.string().min(1).max(80).optional(),
  endpoint: endpointSchema.optional(),
  stateDir: z.string().min(1).optional(),
  projectDir: z.string().min(1).optional(),
  envPrefix: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{0,63}$/, "envPrefix must be upper-case like LOKI")
    .optional(),
  redaction: z
    .strictObject({
      home: z.string().min(1).optional(),
      repoRoot: z.string().min(1).optional(),
      repoNames: z.array(z.string().min(1).max(200)).max(50).optional(),
    })
    .optional(),
  /** How users invoke the host, for the hints we print (`loki` -> `loki crash show`). */
  command: z
    .string()
    .regex(/^[A-Za-z0-9._ /-]{1,80}$/)
    .optional(),
});

export type CrashReporterConfig = z.input<typeof reporterConfigSchema>;

/** The bin and mounted commands can act for an app without its version or repo. */
const commandConfigSchema = reporterConfigSchema.partial({ version: true, repo: true });

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "config"}: ${issue.message}`)
    .join("; ");
}

/** Validates a reporter config (all contract keys); throws INVALID_CONFIG naming each bad key. */
export function parseReporterConfig(input: unknown, options: ResolveOptions = {}): ResolvedConfig {
  const result = reporterConfigSchema.safeParse(input);
  if (!result.success) {
    throw new CrashfixError(
      "INVALID_CONFIG",
      `invalid crashfix config: ${describeIssues(result.error)}`,
      {
        cause: result.error,
      },
    );
  }
  return resolveConfig(result.data, options);
}

/** Like parseReporterConfig, but `version` and `repo` may be missing (list, show, telemetry). */
export function parseCommandConfig(input: unknown, options: ResolveOptions = {}): ResolvedConfig {
  const result = commandConfigSchema.safeParse(input);
  if (!result.success) {
    throw new CrashfixError(
      "INVALID_CONFIG",
      `invalid crashfix config: ${describeIssues(result.error)}`,
      {
        cause: result.error,
      },
    );
  }
  return resolveConfig(result.data, options);
}
