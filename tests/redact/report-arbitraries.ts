// fast-check arbitraries for the report contract: valid reports built from
// the rules in redact/report-rules.ts, values that are almost valid, and
// mutations of a valid report, so checkReport can be held to reportSchema.
import fc from "fast-check";
import {
  APP_PATTERN,
  CAPTURED_AT_PATTERN,
  ERROR_CLASS_PATTERN,
  FRICTION_KINDS,
  MAX_EXIT_CODE,
  MAX_REDACTIONS_COUNT,
  MAX_SIGNATURES,
  MIN_EXIT_CODE,
  PHASE_PATTERN,
  PLATFORM_PATTERN,
  RULES_VERSION_PATTERN,
  RUNTIME_VERSION_PATTERN,
  SHA256_PATTERN,
  SIGNATURE_PATTERN,
  UUID_V4_PATTERN,
  VERSION_PATTERN,
} from "../../redact/report-rules.js";
import { reportSchema } from "../../redact/report-schema.js";

const matching = (pattern: RegExp) => fc.stringMatching(pattern);

/** The report's fields and its required ones, as reportSchema states them. */
const FIELDS = Object.keys(reportSchema.shape);
const REQUIRED_FIELDS = FIELDS.filter(
  (key) => !reportSchema.shape[key as keyof typeof reportSchema.shape].isOptional(),
) as Array<keyof typeof reportSchema.shape>;

const validRuntime = fc.record(
  {
    node: matching(RUNTIME_VERSION_PATTERN),
    bun: matching(RUNTIME_VERSION_PATTERN),
    deno: matching(RUNTIME_VERSION_PATTERN),
    bash: matching(RUNTIME_VERSION_PATTERN),
  },
  { requiredKeys: [] },
);

export const validReport = fc.record(
  {
    schema: fc.constant("1" as const),
    report_id: matching(UUID_V4_PATTERN),
    app: matching(APP_PATTERN),
    app_version: matching(VERSION_PATTERN),
    os: matching(PLATFORM_PATTERN),
    arch: matching(PLATFORM_PATTERN),
    runtime: validRuntime,
    error_class: matching(ERROR_CLASS_PATTERN),
    stack_signature: fc.array(matching(SIGNATURE_PATTERN), { maxLength: MAX_SIGNATURES }),
    phase: matching(PHASE_PATTERN),
    exit_code: fc.integer({ min: MIN_EXIT_CODE, max: MAX_EXIT_CODE }),
    friction_kind: fc.constantFrom(...FRICTION_KINDS),
    project_id_hash: matching(SHA256_PATTERN),
    fingerprint: matching(SHA256_PATTERN),
    rules_version: matching(RULES_VERSION_PATTERN),
    redactions_count: fc.integer({ min: 0, max: MAX_REDACTIONS_COUNT }),
    captured_at: matching(CAPTURED_AT_PATTERN),
  },
  {
    requiredKeys: REQUIRED_FIELDS,
  },
);

const EXTRA_KEYS = ["message", "__proto__", "constructor", "prototype", "toString", "Schema", ""];

/** A string near a valid one: a bad character spliced in, or over-long. */
const nearString = fc.oneof(
  fc
    .tuple(
      fc.stringMatching(/^[A-Za-z0-9._-]{0,30}$/),
      fc.constantFrom(" ", "\n", "$", "`", "<", ">", "|", "\\", '"', "/", "A", "#", "+", "é", ""),
      fc.stringMatching(/^[A-Za-z0-9._-]{0,30}$/),
    )
    .map(([a, bad, b]) => a + bad + b),
  fc.integer({ min: 0, max: 130 }).map((n) => "a".repeat(n)),
  fc.integer({ min: 60, max: 70 }).map((n) => "f".repeat(n)),
  fc.constantFrom(
    "1",
    "2",
    "",
    "retry_loop",
    "loop",
    "2026-11-25T12:00:00Z",
    "2026-11-25T12:00:00.000Z",
  ),
);

const oddNumber = fc.constantFrom(
  -0,
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  MIN_EXIT_CODE,
  MIN_EXIT_CODE - 1,
  MAX_EXIT_CODE,
  MAX_EXIT_CODE + 1,
  MAX_REDACTIONS_COUNT,
  MAX_SIGNATURES,
  MAX_REDACTIONS_COUNT + 1,
  2 ** 53,
);

export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  nearString,
  oddNumber,
  fc.integer(),
  fc.double(),
  fc.constantFrom(undefined, null, true, [], {}),
  fc.array(fc.oneof(nearString, matching(SIGNATURE_PATTERN), fc.integer()), { maxLength: 25 }),
  fc.array(matching(SIGNATURE_PATTERN), { minLength: 19, maxLength: 22 }),
  fc.dictionary(
    fc.constantFrom("node", "bun", "deno", "python", "__proto__"),
    fc.oneof(nearString, fc.constant(undefined)),
  ),
  fc.anything(),
);

/** Own, enumerable, even for "__proto__" (as JSON.parse makes it). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

type Mutation =
  | { kind: "set"; key: string; value: unknown }
  | { kind: "delete"; key: string }
  | { kind: "runtime"; key: string; value: unknown };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant("set" as const),
    key: fc.constantFrom(...FIELDS, ...EXTRA_KEYS),
    value: anyValue,
  }),
  fc.record({ kind: fc.constant("delete" as const), key: fc.constantFrom(...FIELDS) }),
  fc.record({
    kind: fc.constant("runtime" as const),
    key: fc.constantFrom("node", "bun", "deno", "python", "__proto__", "constructor"),
    value: anyValue,
  }),
);

export function mutate(
  report: Record<string, unknown>,
  changes: Mutation[],
): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...report, runtime: { ...(report.runtime as object) } };
  for (const change of changes) {
    if (change.kind === "delete") delete copy[change.key];
    else if (change.kind === "set") setOwn(copy, change.key, change.value);
    else {
      const runtime = copy.runtime;
      if (runtime !== null && typeof runtime === "object" && !Array.isArray(runtime))
        setOwn(runtime as Record<string, unknown>, change.key, change.value);
    }
  }
  return copy;
}
