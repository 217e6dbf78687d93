import { DEFAULT_SIGNATURE_COUNT } from "./fingerprint.js";

/**
 * The character sets and limits of the crash report's fields (schema version
 * 1, docs/DESIGN.md section 2), without zod: report-schema.ts composes the schema
 * from them, and buildReport cleans its input with the same ones. Every string
 * has a length cap and a character set chosen so a value can sit in a shell
 * word, a Markdown table, a label or a prompt without quoting: no blanks,
 * quotes, backticks, `$`, `<`, `>`, `|`, `\`.
 */
export const SIGNATURE_PATTERN = /^[A-Za-z0-9_.:#-]{1,100}$/;
export const ERROR_CLASS_PATTERN = /^[A-Za-z0-9_.:-]{1,80}$/;
export const APP_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const VERSION_PATTERN = /^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/;
export const PLATFORM_PATTERN = /^[a-z0-9_]{1,24}$/;
export const PHASE_PATTERN = /^[A-Za-z0-9_.:-]{1,40}$/;
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
export const UUID_V4_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const CAPTURED_AT_PATTERN = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$/;
export const RULES_VERSION_PATTERN = /^[0-9A-Za-z.-]{1,32}$/;
export const RUNTIME_VERSION_PATTERN = /^[0-9A-Za-z.+_-]{1,40}$/;
/**
 * The runtimes a report names the version of: the JS runtime a crash
 * happened in, or bash for a shell script's failure (reported through the
 * `crashfix capture` command, whose own Node says nothing about the script).
 */
export const RUNTIME_NAMES = ["node", "bun", "deno", "bash"] as const;

/**
 * The fields whose pattern above admits only digits, hex and separators
 * (the schema version, UUID v4, sha256 hex, ISO time): crashfix makes them,
 * they hold no text a rule could be after, and neither scrub reads them.
 * Scrubbing them only finds what is not there: a UUID's digits pass a card
 * number's Luhn check in about one report of 1,900, and the ingest had
 * rewritten those reports' ids.
 */
export const HEX_AND_TIME_FIELDS = [
  "schema",
  "report_id",
  "fingerprint",
  "captured_at",
  "project_id_hash",
] as const;
export type RuntimeName = (typeof RUNTIME_NAMES)[number];

/**
 * The fingerprint hashes the top DEFAULT_SIGNATURE_COUNT signatures, so a
 * report may carry no more than that: a longer list would be hashed over
 * frames the ingest, the Action and the docs do not count.
 */
export const MAX_SIGNATURES = DEFAULT_SIGNATURE_COUNT;
/** exit_code: a signed or unsigned 32-bit status (Windows codes are unsigned). */
export const MIN_EXIT_CODE = -2147483648;
export const MAX_EXIT_CODE = 4294967295;
export const MAX_REDACTIONS_COUNT = 1_000_000_000;

export const FRICTION_KINDS = ["retry_loop", "rate_limit_loop", "gate_failure"] as const;
export type FrictionKind = (typeof FRICTION_KINDS)[number];
