import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reportJsonSchema } from "../../redact/generated/report-json-schema.js";
import { buildReport, checkReport, type Report, reportSchema } from "../../redact/index.js";
import {
  APP_PATTERN,
  ERROR_CLASS_PATTERN,
  MAX_SIGNATURES,
  RUNTIME_VERSION_PATTERN,
  UUID_V4_PATTERN,
  VERSION_PATTERN,
} from "../../redact/report-rules.js";
import { reportInput } from "./fixtures/report-input.js";
import { anyValue, mutate, mutation, validReport } from "./report-arbitraries.js";

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

describe("the rules checkReport shares with buildReport", () => {
  it("are patterns of the report's schema, so the check reuses the compiled regex", () => {
    const schemaPatterns =
      JSON.stringify(reportJsonSchema).match(/"pattern":"(?:[^"\\]|\\.)*"/g) ?? [];
    const sources = schemaPatterns.map((entry) => JSON.parse(`{${entry}}`).pattern as string);
    for (const rule of [APP_PATTERN, VERSION_PATTERN, UUID_V4_PATTERN, RUNTIME_VERSION_PATTERN]) {
      expect(rule.flags).toBe("");
      expect(sources).toContain(rule.source);
    }
  });
});
