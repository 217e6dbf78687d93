import { type Report, reportJsonSchema } from "./generated/report-json-schema.js";
import {
  APP_PATTERN,
  RUNTIME_VERSION_PATTERN,
  UUID_V4_PATTERN,
  VERSION_PATTERN,
} from "./report-rules.js";
import { type CheckError, schemaErrors, schemaNodeOf, sharePatterns } from "./schema-check.js";

export type { Report };
export type ReportCheck = { ok: true; report: Report } | { ok: false; problems: string[] };

// The report's rules that buildReport also tests its input with: one
// compiled regex each for a crash, not two.
sharePatterns([APP_PATTERN, VERSION_PATTERN, UUID_V4_PATTERN, RUNTIME_VERSION_PATTERN]);

/** A plain object: made by `{}`, JSON.parse or `Object.create(null)`; no array or class instance. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of plain data whose every value was read once, so a getter cannot
 * answer the check one thing and the caller another. Class instances and
 * other non-plain objects are refused (undefined), as are deep trees.
 */
function plainCopy(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== "object") return value;
  if (depth > 4) return undefined;
  if (Array.isArray(value)) return value.map((item) => plainCopy(item, depth + 1));
  if (!isPlainObject(value)) return undefined;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // defineProperty: an own `__proto__` key (JSON.parse makes one) stays a key.
    Object.defineProperty(copy, key, {
      value: plainCopy(value[key], depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/** `/stack_signature/2` -> `stack_signature.2`; the whole report is `report`. */
function where(error: CheckError, extra?: string): string {
  const path = [...error.instancePath.split("/").slice(1), ...(extra ? [extra] : [])].join(".");
  return path === "" ? "report" : path;
}

const TYPE_WORDS: Record<string, string> = {
  object: "a plain object",
  array: "an array",
  string: "a string",
  integer: "an integer",
  number: "a number",
};

function describe(error: CheckError): string {
  const { params } = error;
  switch (error.keyword) {
    case "required":
      return `${where(error, String(params.missingProperty))}: required`;
    case "additionalProperties":
      return `${where(error)}: unknown key ${JSON.stringify(params.additionalProperty)}`;
    case "type":
      return `${where(error)}: expected ${TYPE_WORDS[String(params.type)] ?? String(params.type)}`;
    case "pattern":
      return `${where(error)}: must match ${params.pattern}`;
    case "const":
      return `${where(error)}: must be ${JSON.stringify(params.allowedValue)}`;
    case "enum":
      return `${where(error)}: must be one of ${(params.allowedValues as string[]).join(", ")}`;
    case "maxItems":
      return `${where(error)}: at most ${params.limit} items`;
    case "minimum":
    case "maximum":
      return `${where(error)}: must be between ${limits(error)}`;
    default:
      return `${where(error)}: not allowed (${error.keyword})`;
  }
}

/** The bounds of a number field, from the schema. */
function limits(error: CheckError): string {
  const field = schemaNodeOf(reportJsonSchema, error);
  return `${field?.minimum} and ${field?.maximum}`;
}

/**
 * Checks a value against report schema version 1, with the rules of
 * `reportSchema` (through the JSON Schema generated from it: no zod), and refuses
 * objects that are not plain data. On success the report is a fresh copy
 * whose every value was read once and checked. Never throws (a throwing
 * getter is a problem like any other).
 */
export function checkReport(value: unknown): ReportCheck {
  let copy: unknown;
  try {
    copy = plainCopy(value);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : "error";
    return { ok: false, problems: [`report: could not be read (${reason})`] };
  }
  const errors = schemaErrors(reportJsonSchema, copy);
  if (errors.length === 0) return { ok: true, report: copy as Report };
  return { ok: false, problems: [...new Set(errors.map(describe))] };
}
