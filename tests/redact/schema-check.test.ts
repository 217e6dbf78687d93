// redact/schema-check.ts held to ajv, the JSON Schema validator of the field:
// for the same schema and value, the same errors (keyword, instancePath,
// schemaPath, params), over both of crashfix's generated schemas.
import ajvModule from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reporterConfigJsonSchema } from "../../cli/config/generated/config-json-schema.js";
import { reportJsonSchema } from "../../redact/generated/report-json-schema.js";
import {
  assertCheckable,
  type CheckError,
  type JsonSchema,
  schemaErrors,
  schemaNodeOf,
} from "../../redact/schema-check.js";
import { anyValue, mutate, mutation, validReport } from "./report-arbitraries.js";

// ajv is CommonJS with its export on `default`.
const Ajv = ajvModule.default;
// As the client counts: lengths in UTF-16 code units (unicode: false), patterns
// without the u flag, every error.
const ajv = new Ajv({
  allErrors: true,
  strict: true,
  messages: false,
  unicodeRegExp: false,
  unicode: false,
  logger: false,
});

const normalized = (errors: readonly CheckError[]) =>
  errors
    .map(({ instancePath, schemaPath, keyword, params }) =>
      JSON.stringify({ instancePath, schemaPath, keyword, params }),
    )
    .sort();

function agreeWithAjv(schema: JsonSchema, value: unknown): void {
  // ajv keeps what it compiled, keyed by the schema object.
  const validate = ajv.compile(schema);
  const valid = validate(value);
  const mine = schemaErrors(schema, value);
  expect(mine.length === 0).toBe(valid);
  expect(normalized(mine)).toEqual(normalized((validate.errors ?? []) as CheckError[]));
}

/** Strings near the config's limits: long, with control characters, slashes, tildes. */
const configString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "mycli",
    "My CLI",
    "https://crash.example.com/v1",
    "http://localhost:8080",
    "http://example.com",
    "https://user:pw@example.com",
    "loki debug",
    "LOKI",
    "a\u0000b",
    "/home/alice/.mycli",
    "x".repeat(81),
    "x".repeat(4097),
    "acme/mycli",
  ),
);
const configValue = fc.oneof(configString, anyValue, fc.array(configString, { maxLength: 55 }));
const CONFIG_KEYS = Object.keys(reporterConfigJsonSchema.properties ?? {});
const REDACTION_KEYS = ["home", "repoRoot", "repoNames"];

const config = fc
  .record({
    top: fc.dictionary(
      fc.constantFrom(...CONFIG_KEYS, "apps", "endpointUrl", "a/b~c"),
      configValue,
      {
        maxKeys: 6,
      },
    ),
    redaction: fc.option(
      fc.dictionary(fc.constantFrom(...REDACTION_KEYS, "homeDir", "__proto__"), configValue, {
        maxKeys: 4,
      }),
    ),
    drop: fc.subarray(["app", "version", "repo"]),
  })
  .map(({ top, redaction, drop }) => {
    const value: Record<string, unknown> = { app: "mycli", version: "1.0.0", repo: "acme/mycli" };
    Object.assign(value, top);
    for (const key of drop) delete value[key];
    if (redaction !== null) value.redaction = redaction;
    return value;
  });

describe("schemaErrors agrees with ajv", () => {
  it("on mutated reports", () => {
    fc.assert(
      fc.property(validReport, fc.array(mutation, { maxLength: 4 }), (report, changes) => {
        agreeWithAjv(reportJsonSchema, mutate(report, changes));
      }),
      { numRuns: 1500 },
    );
  });

  it("on random values in place of a report", () => {
    fc.assert(
      fc.property(anyValue, (value) => agreeWithAjv(reportJsonSchema, value)),
      { numRuns: 500 },
    );
  });

  it("on host configs, valid and broken", () => {
    fc.assert(
      fc.property(config, (value) => agreeWithAjv(reporterConfigJsonSchema, value)),
      { numRuns: 1500 },
    );
  });

  it.each([
    ["an integer given 0.5", { type: "integer", minimum: 0 }, 0.5],
    [
      "an integer given -0.5 (wrong type and under the minimum)",
      { type: "integer", minimum: 0 },
      -0.5,
    ],
    ["an integer given Infinity", { type: "integer", maximum: 3 }, Number.POSITIVE_INFINITY],
    ["a const given the wrong type", { type: "string", const: "1" }, 1],
    ["an enum given the wrong type", { type: "string", enum: ["a", "b"] }, 2],
    ["a pattern given a number", { type: "string", pattern: "^a$" }, 5],
    [
      "an array over its length with bad items",
      { type: "array", maxItems: 1, items: { type: "string" } },
      [1, "a", null],
    ],
    [
      "keys that need escaping in a pointer",
      {
        type: "object",
        properties: { "a/b": { type: "object", properties: { "c~d": { type: "string" } } } },
      },
      { "a/b": { "c~d": 1 } },
    ],
    ["null for an object", { type: "object", properties: {} }, null],
  ])("%s", (_name, schema, value) => {
    agreeWithAjv(schema as JsonSchema, value);
  });
});

describe("schemaErrors refuses what it cannot check", () => {
  it("a keyword it does not know, wherever it is", () => {
    expect(() => schemaErrors({ type: "string", format: "email" }, "a")).toThrow(
      "schema-check: #/format is not a keyword this check knows",
    );
    const nested: JsonSchema = {
      type: "object",
      properties: { a: { type: "string", minLength: 1 } },
    };
    expect(() => assertCheckable(nested)).toThrow("#/properties/a/minLength");
    // At check time too, when the value reaches that node.
    expect(() => schemaErrors(nested, { a: "x" })).toThrow("#/properties/a/minLength");
  });

  it("additionalProperties other than false, and a type it does not know", () => {
    expect(() => schemaErrors({ type: "object", additionalProperties: true }, {})).toThrow(
      "additionalProperties must be false",
    );
    expect(() => schemaErrors({ type: "null" }, null)).toThrow("#/type null is unknown");
  });

  it("accepts both of crashfix's schemas whole", () => {
    expect(() => assertCheckable(reportJsonSchema)).not.toThrow();
    expect(() => assertCheckable(reporterConfigJsonSchema)).not.toThrow();
  });
});

describe("schemaNodeOf", () => {
  it("finds the node an error is about, through escaped keys", () => {
    const inner: JsonSchema = { type: "string", maxLength: 2 };
    const outer: JsonSchema = { type: "object", properties: { "c~d": inner }, required: ["x"] };
    const root: JsonSchema = { type: "object", properties: { "a/b": outer } };
    const errors = schemaErrors(root, { "a/b": { "c~d": "long" } });
    expect(errors.map((error) => schemaNodeOf(root, error))).toEqual([outer, inner]);
  });

  it("gives the root for an error about the whole value", () => {
    const root: JsonSchema = { type: "object", required: ["app"] };
    const [error] = schemaErrors(root, {});
    expect(error === undefined ? undefined : schemaNodeOf(root, error)).toBe(root);
  });
});
