import { DEFAULT_SIGNATURE_COUNT } from "./fingerprint.js";

/**
 * The crash report, schema version 1 (DESIGN.md section 2), without zod: the
 * client checks every report it builds on the crash path, where loading zod
 * would cost tens of milliseconds. `reportSchema` (report-schema.ts) states
 * the same rules in zod for the server; a property test keeps the two in
 * agreement.
 *
 * Strict: an unknown key is an error. Every string has a length cap and a
 * character set chosen so a value can sit in a shell word, a Markdown table,
 * a label or a prompt without quoting: no blanks, quotes, backticks, `$`,
 * `<`, `>`, `|`, `\`.
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

/**
 * Optional fields also admit `undefined`, as `z.infer` of an `.optional()`
 * field does; report-schema.ts checks at compile time that the two types
 * are the same.
 */
export type Report = {
  schema: "1";
  report_id: string;
  app: string;
  app_version: string;
  os: string;
  arch: string;
  runtime: { node?: string | undefined; bun?: string | undefined; deno?: string | undefined };
  error_class: string;
  stack_signature: string[];
  phase?: string | undefined;
  exit_code?: number | undefined;
  friction_kind?: FrictionKind | undefined;
  project_id_hash?: string | undefined;
  fingerprint: string;
  rules_version: string;
  redactions_count: number;
  captured_at: string;
};

export type ReportCheck = { ok: true; report: Report } | { ok: false; problems: string[] };

type Field = (value: unknown, path: string, problems: string[]) => unknown;

function text(pattern: RegExp): Field {
  return (value, path, problems) => {
    if (typeof value !== "string") problems.push(`${path}: expected a string`);
    else if (!pattern.test(value)) problems.push(`${path}: must match ${pattern.source}`);
    return value;
  };
}

function integer(min: number, max: number): Field {
  return (value, path, problems) => {
    if (typeof value !== "number" || !Number.isInteger(value))
      problems.push(`${path}: expected an integer`);
    else if (value < min || value > max)
      problems.push(`${path}: must be between ${min} and ${max}`);
    return value;
  };
}

function oneOf(values: readonly string[]): Field {
  return (value, path, problems) => {
    if (typeof value !== "string" || !values.includes(value))
      problems.push(`${path}: must be one of ${values.join(", ")}`);
    return value;
  };
}

const signatures: Field = (value, path, problems) => {
  if (!Array.isArray(value)) {
    problems.push(`${path}: expected an array`);
    return value;
  }
  if (value.length > MAX_SIGNATURES) {
    problems.push(`${path}: at most ${MAX_SIGNATURES} items`);
    return value;
  }
  const check = text(SIGNATURE_PATTERN);
  // Read each item once and check the copy: a getter cannot change it after the check.
  const items: unknown[] = [];
  for (let index = 0; index < value.length; index += 1) {
    items.push(check(value[index], `${path}.${index}`, problems));
  }
  return items;
};

const NO_REQUIRED_FIELDS: ReadonlySet<string> = new Set();

const runtime: Field = (value, path, problems) =>
  checkObject(
    value,
    path,
    {
      node: text(RUNTIME_VERSION_PATTERN),
      bun: text(RUNTIME_VERSION_PATTERN),
      deno: text(RUNTIME_VERSION_PATTERN),
    },
    NO_REQUIRED_FIELDS,
    problems,
  );

/** Which fields are required; the rest may be absent or undefined. */
const REQUIRED_FIELDS = new Set([
  "schema",
  "report_id",
  "app",
  "app_version",
  "os",
  "arch",
  "runtime",
  "error_class",
  "stack_signature",
  "fingerprint",
  "rules_version",
  "redactions_count",
  "captured_at",
]);

const REPORT_FIELDS: Record<string, Field> = {
  schema: (value, path, problems) => {
    if (value !== "1") problems.push(`${path}: must be "1"`);
    return value;
  },
  report_id: text(UUID_V4_PATTERN),
  app: text(APP_PATTERN),
  app_version: text(VERSION_PATTERN),
  os: text(PLATFORM_PATTERN),
  arch: text(PLATFORM_PATTERN),
  runtime,
  error_class: text(ERROR_CLASS_PATTERN),
  stack_signature: signatures,
  phase: text(PHASE_PATTERN),
  exit_code: integer(MIN_EXIT_CODE, MAX_EXIT_CODE),
  friction_kind: oneOf(FRICTION_KINDS),
  project_id_hash: text(SHA256_PATTERN),
  fingerprint: text(SHA256_PATTERN),
  rules_version: text(RULES_VERSION_PATTERN),
  redactions_count: integer(0, MAX_REDACTIONS_COUNT),
  captured_at: text(CAPTURED_AT_PATTERN),
};

/** A plain object: made by `{}`, JSON.parse or `Object.create(null)`; no array or class instance. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Strict object check: every own enumerable key must be known (this also
 * refuses an own `__proto__`, `constructor` or `prototype` key, as JSON.parse
 * can produce), required keys present, optional keys absent or undefined.
 * Returns a fresh copy built from values read once.
 */
function checkObject(
  value: unknown,
  path: string,
  fields: Record<string, Field>,
  required: ReadonlySet<string>,
  problems: string[],
): unknown {
  const where = path === "" ? "report" : path;
  if (!isPlainObject(value)) {
    problems.push(`${where}: expected a plain object`);
    return value;
  }
  const unknownKeys = Object.keys(value).filter((key) => !Object.hasOwn(fields, key));
  if (unknownKeys.length > 0) {
    problems.push(
      `${where}: unknown key(s) ${unknownKeys.map((k) => JSON.stringify(k)).join(", ")}`,
    );
  }
  const copy: Record<string, unknown> = {};
  for (const [key, check] of Object.entries(fields)) {
    const fieldPath = path === "" ? key : `${path}.${key}`;
    const item = Object.hasOwn(value, key) ? value[key] : undefined;
    if (item === undefined) {
      if (required.has(key)) problems.push(`${fieldPath}: required`);
      else if (Object.hasOwn(value, key)) copy[key] = undefined;
      continue;
    }
    copy[key] = check(item, fieldPath, problems);
  }
  return copy;
}

/**
 * Check a value against report schema version 1 with exactly the rules of
 * `reportSchema`, and stricter only in refusing objects that are not plain
 * (class instances, or objects with an unusual prototype). On success the
 * report is a fresh copy whose every value was read once and checked.
 * Never throws (a throwing getter is a problem like any other).
 */
export function checkReport(value: unknown): ReportCheck {
  const problems: string[] = [];
  let copy: unknown;
  try {
    copy = checkObject(value, "", REPORT_FIELDS, REQUIRED_FIELDS, problems);
  } catch (cause) {
    problems.push(
      `report: could not be read (${cause instanceof Error ? cause.message : "error"})`,
    );
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, report: copy as Report };
}
