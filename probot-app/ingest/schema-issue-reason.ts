import { z } from "zod";

// What is wrong with a body the report schema refused, in one short line
// for the 400: the first issue's field and what was expected. Only names the
// schema itself defines are written (a key the strict schema does not know
// came from the client, and answers never echo input), and never a value.

type Segment = PropertyKey;

// The schema of `key` inside `schema`, or undefined where the schema
// defines no such key (or index).
function childSchema(schema: z.ZodType, key: Segment): z.ZodType | undefined {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  if (inner instanceof z.ZodObject) {
    const shape = inner.shape as Record<string, z.ZodType>;
    return typeof key === "string" && Object.hasOwn(shape, key) ? shape[key] : undefined;
  }
  if (inner instanceof z.ZodArray) {
    return typeof key === "number" ? (inner.element as z.ZodType) : undefined;
  }
  return undefined;
}

function definedBySchema(schema: z.ZodType, path: readonly Segment[]): boolean {
  let at: z.ZodType | undefined = schema;
  for (const key of path) {
    at = at && childSchema(at, key);
    if (!at) return false;
  }
  return true;
}

// "runtime.node", "stack_signature[2]".
function pathText(path: readonly Segment[]): string {
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`))
    .join("");
}

function isPresent(input: unknown, path: readonly Segment[]): boolean {
  let at: unknown = input;
  for (const key of path) {
    if (typeof at !== "object" || at === null || !Object.hasOwn(at, key)) return false;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at !== undefined;
}

const KINDS: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  array: "a list",
  object: "an object",
  boolean: "true or false",
};

function reasonOf(issue: z.core.$ZodIssue, present: boolean): string {
  switch (issue.code) {
    case "invalid_type":
      return present ? `expected ${KINDS[issue.expected] ?? issue.expected}` : "missing";
    case "invalid_value":
      // The schema's own values (the schema version, the friction kinds).
      return `expected ${issue.values.map((value) => JSON.stringify(value)).join(" or ")}`;
    case "invalid_format":
      return "outside its characters or length";
    case "too_big":
      if (issue.origin === "array") return `more than ${issue.maximum} items`;
      if (issue.origin === "string") return `longer than ${issue.maximum} characters`;
      return `above ${issue.maximum}`;
    case "too_small":
      if (issue.origin === "array") return `fewer than ${issue.minimum} items`;
      if (issue.origin === "string") return `shorter than ${issue.minimum} characters`;
      return `below ${issue.minimum}`;
    default:
      return "not valid";
  }
}

export function schemaIssueReason(
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
): string {
  const issue = issues[0];
  if (!issue) return "not valid";
  const path = issue.path;
  if (!definedBySchema(schema, path)) return "a field the schema does not define";
  const where = path.length === 0 ? "the report" : pathText(path);
  if (issue.code === "unrecognized_keys") return `${where} has a field the schema does not define`;
  return `${where}: ${reasonOf(issue, isPresent(input, path))}`;
}
