// Checks a value against a JSON Schema: the small draft-07 subset that zod's
// toJSONSchema gives for crashfix's two contracts (the report, the host's
// config). A schema that uses any other keyword is refused, never half
// checked.
//
// Why not ajv, the library of the field: the client ships no dependency, and
// ajv's standalone code for the two schemas was 30 KB that every start (the
// config) and every crash (the report) had to compile. This walker is 2.7 KB
// minified, over the schema data itself, and a test holds it to ajv
// (tests/redact/schema-check.test.ts): same errors for the same values, in
// ajv's shape, so `instancePath`, `schemaPath`, `keyword` and `params` mean
// what ajv's documentation says (https://ajv.js.org/api.html#error-objects).

/** A JSON Schema node, as zod's toJSONSchema writes it. */
export type JsonSchema = {
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  [keyword: string]: unknown;
};

/** One problem, in ajv's error shape (the fields crashfix reads). */
export type CheckError = {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
};

/** Keywords that only describe: nothing to check. */
const ANNOTATIONS = new Set(["$schema", "description"]);
const KEYWORDS = new Set([
  "type",
  "const",
  "enum",
  "minimum",
  "maximum",
  "maxLength",
  "pattern",
  "maxItems",
  "items",
  "required",
  "additionalProperties",
  "properties",
]);

const TYPE_TESTS: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === "string",
  integer: (value) => Number.isInteger(value),
  number: (value) => typeof value === "number" && Number.isFinite(value),
  boolean: (value) => typeof value === "boolean",
  array: (value) => Array.isArray(value),
  object: (value) => value !== null && typeof value === "object" && !Array.isArray(value),
};

/** Patterns compiled once each, as ajv's code does (no flags: zod's own rules). */
const patterns = new Map<string, RegExp>();

/**
 * Regexes the caller already holds for some of a schema's patterns: the
 * walk tests with them rather than compiling the same source again. Only
 * flagless ones (a g or y regex keeps state between tests). A crash checks
 * its report once, where compiling a regex costs more than running it.
 */
export function sharePatterns(regexes: readonly RegExp[]): void {
  for (const regex of regexes) if (regex.flags === "") patterns.set(regex.source, regex);
}
function compiled(pattern: string): RegExp {
  let regex = patterns.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(pattern);
    patterns.set(pattern, regex);
  }
  return regex;
}

/** A key as one JSON Pointer step (RFC 6901), as ajv writes both paths. */
const pointer = (key: string | number) =>
  `/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;

/**
 * Where the walk is: the value's key and the keyword it was reached by.
 * The two paths are spelled out only for an error, which is rare.
 */
type Place = { up: Place | undefined; key: string | number; via: "properties" | "items" };

function paths(place: Place | undefined): { instancePath: string; schemaPath: string } {
  let instancePath = "";
  let schemaPath = "";
  for (let at = place; at !== undefined; at = at.up) {
    instancePath = pointer(at.key) + instancePath;
    schemaPath = (at.via === "items" ? "/items" : `/properties${pointer(at.key)}`) + schemaPath;
  }
  return { instancePath, schemaPath: `#${schemaPath}` };
}

function fail(
  errors: CheckError[],
  place: Place | undefined,
  keyword: string,
  params: Record<string, unknown>,
): void {
  const { instancePath, schemaPath } = paths(place);
  errors.push({ instancePath, schemaPath: `${schemaPath}/${keyword}`, keyword, params });
}

/** Schema nodes whose keywords were found known: each is looked at once. */
const knownNodes = new WeakSet<JsonSchema>();

function refuseUnknownKeywords(schema: JsonSchema, place: Place | undefined): void {
  if (knownNodes.has(schema)) return;
  const where = () => paths(place).schemaPath;
  for (const keyword of Object.keys(schema)) {
    if (!KEYWORDS.has(keyword) && !ANNOTATIONS.has(keyword)) {
      throw new Error(`schema-check: ${where()}/${keyword} is not a keyword this check knows`);
    }
  }
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
    throw new Error(`schema-check: ${where()}/additionalProperties must be false`);
  }
  const type = schema.type;
  if (type !== undefined && !Object.hasOwn(TYPE_TESTS, String(type))) {
    throw new Error(`schema-check: ${where()}/type ${String(type)} is unknown`);
  }
  knownNodes.add(schema);
}

function walk(
  schema: JsonSchema,
  value: unknown,
  place: Place | undefined,
  errors: CheckError[],
): void {
  refuseUnknownKeywords(schema, place);
  const type = schema.type as string | undefined;
  if (type !== undefined && !(TYPE_TESTS[type] as (value: unknown) => boolean)(value)) {
    fail(errors, place, "type", { type });
  }
  // As ajv: const and enum apply to every value; each other keyword only to
  // values of the type it is about (a string's pattern is not checked on 5).
  if ("const" in schema && value !== schema.const) {
    fail(errors, place, "const", { allowedValue: schema.const });
  }
  const allowed = schema.enum as unknown[] | undefined;
  if (allowed !== undefined && !allowed.includes(value)) {
    fail(errors, place, "enum", { allowedValues: allowed });
  }
  if (typeof value === "number" && Number.isFinite(value)) {
    const { minimum, maximum } = schema as { minimum?: number; maximum?: number };
    if (maximum !== undefined && !(value <= maximum)) {
      fail(errors, place, "maximum", { comparison: "<=", limit: maximum });
    }
    if (minimum !== undefined && !(value >= minimum)) {
      fail(errors, place, "minimum", { comparison: ">=", limit: minimum });
    }
  } else if (typeof value === "string") {
    // Length in UTF-16 code units, as zod and the server count it.
    const maxLength = schema.maxLength as number | undefined;
    if (maxLength !== undefined && value.length > maxLength) {
      fail(errors, place, "maxLength", { limit: maxLength });
    }
    const pattern = schema.pattern as string | undefined;
    if (pattern !== undefined && !compiled(pattern).test(value)) {
      fail(errors, place, "pattern", { pattern });
    }
  } else if (Array.isArray(value)) {
    const maxItems = schema.maxItems as number | undefined;
    if (maxItems !== undefined && value.length > maxItems) {
      fail(errors, place, "maxItems", { limit: maxItems });
    }
    const items = schema.items;
    if (items !== undefined) {
      for (let i = 0; i < value.length; i += 1) {
        walk(items, value[i], { up: place, key: i, via: "items" }, errors);
      }
    }
  } else if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const properties = schema.properties ?? {};
    for (const key of schema.required ?? []) {
      if (record[key] === undefined) fail(errors, place, "required", { missingProperty: key });
    }
    if (schema.additionalProperties === false) {
      // for...in, as ajv: inherited enumerable keys count too.
      for (const key in record) {
        if (!Object.hasOwn(properties, key)) {
          fail(errors, place, "additionalProperties", { additionalProperty: key });
        }
      }
    }
    for (const key in properties) {
      const property = record[key];
      if (property === undefined) continue;
      walk(properties[key] as JsonSchema, property, { up: place, key, via: "properties" }, errors);
    }
  }
}

/**
 * The schema node an error is about: the parent of its keyword in
 * `schemaPath`, whose steps are JSON Pointer steps.
 */
export function schemaNodeOf(root: JsonSchema, error: CheckError): JsonSchema | undefined {
  let node: unknown = root;
  for (const step of error.schemaPath.split("/").slice(1, -1)) {
    node = (node as Record<string, unknown> | undefined)?.[
      step.replace(/~1/g, "/").replace(/~0/g, "~")
    ];
  }
  return node as JsonSchema | undefined;
}

/** Every way `value` breaks `schema`, in ajv's error shape; none when it fits. */
export function schemaErrors(schema: JsonSchema, value: unknown): CheckError[] {
  const errors: CheckError[] = [];
  walk(schema, value, undefined, errors);
  return errors;
}

function checkable(schema: JsonSchema, place: Place | undefined): void {
  refuseUnknownKeywords(schema, place);
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    checkable(property, { up: place, key, via: "properties" });
  }
  if (schema.items !== undefined) checkable(schema.items, { up: place, key: 0, via: "items" });
}

/** Throws unless every node of `schema` uses only keywords this check knows. */
export function assertCheckable(schema: JsonSchema): void {
  checkable(schema, undefined);
}
