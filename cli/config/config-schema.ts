import { z } from "zod";
import type { CrashReporterConfig } from "./reporter-config.js";

// The rules for a host's crashfix config. The client never loads zod: the
// build turns these schemas into JSON Schema (scripts/generate-schemas.ts,
// into ./generated/) that redact/schema-check.ts walks, so every rule here
// must be one that check knows (patterns, lengths, required keys; no
// refinements). Each `description` is the fix a config error names.

const LOOPBACK = String.raw`http://(?:127\.0\.0\.1|localhost|\[::1\])(?::[0-9]{1,5})?`;
// No user:password@ part: a credential in an endpoint would be copied into
// every report request and log.
const HTTPS_HOST = "https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?";
const URL_PATH = String.raw`(?:/[^\s?#]*)?`;

const text = (max: number, description: string) =>
  z
    .string()
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
    .regex(/^[^\u0000-\u001f\u007f]+$/)
    .max(max)
    .meta({ description });

export const reporterConfigSchema = z.strictObject({
  app: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/)
    .meta({ description: "a lower-case id like `loki-mode`" }),
  version: z
    .string()
    .regex(/^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/)
    .meta({ description: "the host's version, like `1.4.2`" }),
  repo: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/)
    .meta({ description: "the public repository as `owner/name`" }),
  displayName: text(80, "a name of at most 80 characters, no control characters").optional(),
  endpoint: z
    .string()
    .regex(new RegExp(`^(?:${HTTPS_HOST}|${LOOPBACK})${URL_PATH}$`))
    .max(2000)
    .meta({
      description:
        "an https URL without user or password (plain http only for 127.0.0.1 or localhost), like `https://crash.example.com`",
    })
    .optional(),
  privacyUrl: z
    .string()
    .regex(new RegExp(`^(?:${HTTPS_HOST}|${LOOPBACK})${URL_PATH}(?:#[^\\s]*)?$`))
    .max(2000)
    .meta({ description: "the https URL of your published privacy page" })
    .optional(),
  autoFix: z
    .boolean()
    .meta({
      description: "true or false: whether your repository runs crashfix's auto-fix workflow",
    })
    .optional(),
  command: z
    .string()
    .regex(/^[A-Za-z0-9@._/:=-]+(?: [A-Za-z0-9@._/:=-]+){0,7}$/)
    .max(120)
    .meta({
      description: "how users run your mounted commands, like `loki` or `loki debug`",
    })
    .optional(),
  stateDir: text(4096, "a directory path").optional(),
  projectDir: text(4096, "a directory path").optional(),
  envPrefix: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{0,63}$/)
    .meta({ description: "an upper-case prefix like `LOKI`" })
    .optional(),
  redaction: z
    .strictObject({
      home: text(4096, "a directory path").optional(),
      repoRoot: text(4096, "a directory path").optional(),
      repoNames: z
        .array(text(200, "a repository name like `owner/name`"))
        .max(50)
        .meta({ description: "at most 50 repository names" })
        .optional(),
    })
    .meta({ description: "an object with home, repoRoot and repoNames" })
    .optional(),
});

// The public type and the schema must describe the same object.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.input<typeof reporterConfigSchema>, CrashReporterConfig> = true;
void sameShape;
