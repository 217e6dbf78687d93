import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildReport, checkReport, type Report, reportSchema } from "../../redact/index.js";
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
import { reportInput } from "./fixtures/report-input.js";

const matching = (pattern: RegExp) => fc.stringMatching(pattern);

const validRuntime = fc.record(
  {
    node: matching(RUNTIME_VERSION_PATTERN),
    bun: matching(RUNTIME_VERSION_PATTERN),
    deno: matching(RUNTIME_VERSION_PATTERN),
  },
  { requiredKeys: [] },
);

const validReport = fc.record(
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
    requiredKeys: [
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
    ],
  },
);

const FIELDS = [
  "schema",
  "report_id",
  "app",
  "app_version",
  "os",
  "arch",
  "runtime",
  "error_class",
  "stack_signature",
  "phase",
  "exit_code",
  "friction_kind",
  "project_id_hash",
  "fingerprint",
  "rules_version",
  "redactions_count",
  "captured_at",
] as const;

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

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
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

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
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

function mutate(report: Record<string, unknown>, changes: Mutation[]): Record<string, unknown> {
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

function agree(value: unknown): void {
  const mine = checkReport(value);
  const zod = reportSchema.safeParse(value);
  expect(mine.ok).toBe(zod.success);
  if (mine.ok && zod.success) expect(mine.report).toEqual(zod.data);
}

describe("checkReport agrees with reportSchema", () => {
  it("accepts every valid report, and returns it unchanged", () => {
    fc.assert(
      fc.property(validReport, (report) => {
        const checked = checkReport(report);
        expect(checked).toEqual({ ok: true, report });
        agree(report);
      }),
      { numRuns: 300 },
    );
  });

  it("accepts and rejects the same mutated reports", () => {
    fc.assert(
      fc.property(
        validReport,
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (report, changes) => {
          agree(mutate(report, changes));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("accepts and rejects the same random values", () => {
    fc.assert(
      fc.property(anyValue, (value) => agree(value)),
      { numRuns: 500 },
    );
  });

  it("accepts and rejects the same reports parsed from JSON with a __proto__ key", () => {
    const valid = buildReport(reportInput({ app: "tool", appVersion: "1.0.0" }));
    for (const extra of ['"__proto__":{}', '"__proto__":{"polluted":true}', '"constructor":{}']) {
      const json = JSON.stringify(valid).replace(/^\{/, `{${extra},`);
      const value: unknown = JSON.parse(json);
      agree(value);
      expect(checkReport(value).ok).toBe(false);
      const runtimeJson = JSON.stringify(valid).replace('"runtime":{', `"runtime":{${extra},`);
      agree(JSON.parse(runtimeJson));
      expect(checkReport(JSON.parse(runtimeJson)).ok).toBe(false);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("checkReport", () => {
  const valid: Report = buildReport(
    reportInput({
      app: "tool",
      appVersion: "1.0.0",
      stack: "Error: x\n    at run (/srv/app/main.js:1:1)",
      exitCode: 1,
      phase: "ACT",
    }),
  );

  it("names the field and the rule of each problem", () => {
    const checked = checkReport({ ...valid, error_class: "Type Error", extra: 1, exit_code: 0.5 });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual([
      'report: unknown key "extra"',
      `error_class: must match ${ERROR_CLASS_PATTERN.source}`,
      "exit_code: expected an integer",
    ]);
  });

  it.each([
    ["a missing required field", { ...valid, fingerprint: undefined }, "fingerprint: required"],
    [
      "an unknown runtime key",
      { ...valid, runtime: { python: "3" } },
      'runtime: unknown key "python"',
    ],
    [
      "an over-long signature list",
      { ...valid, stack_signature: Array(MAX_SIGNATURES + 1).fill("f") },
      `stack_signature: at most ${MAX_SIGNATURES} items`,
    ],
    [
      "a bad signature",
      { ...valid, stack_signature: ["ok", "a b"] },
      "stack_signature.1: must match",
    ],
    ["a schema other than 1", { ...valid, schema: 1 }, 'schema: must be "1"'],
  ])("rejects %s", (_name, value, problem) => {
    const checked = checkReport(value);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problems.join("\n")).toContain(problem);
  });

  it.each([
    ["an array", [valid]],
    ["null", null],
    ["a string", JSON.stringify(valid)],
    ["a class instance", Object.assign(new (class Report {})(), valid)],
    ["an object inheriting the fields", Object.create(valid)],
    ["a Map", new Map(Object.entries(valid))],
  ])("rejects %s (not a plain object)", (_name, value) => {
    expect(checkReport(value).ok).toBe(false);
  });

  it("accepts a null-prototype copy and optional fields set to undefined, as zod does", () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, valid);
    expect(checkReport(bare).ok).toBe(true);
    agree({ ...valid, phase: undefined, runtime: { node: undefined } });
    expect(checkReport({ ...valid, phase: undefined }).ok).toBe(true);
  });

  it("reports a throwing getter as a problem instead of throwing", () => {
    const value = { ...valid };
    Object.defineProperty(value, "app", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    const checked = checkReport(value);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problems[0]).toContain("could not be read (boom)");
  });

  it("returns a copy whose values were read once", () => {
    let reads = 0;
    const value = { ...valid };
    Object.defineProperty(value, "app", {
      enumerable: true,
      get() {
        reads += 1;
        return reads === 1 ? "tool" : "$(rm -rf ~)";
      },
    });
    const checked = checkReport(value);
    expect(checked.ok && checked.report.app).toBe("tool");
    expect(checked.ok && checked.report).not.toBe(value);
  });
});
