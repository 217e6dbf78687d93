import type { z } from "zod";
import {
  fingerprint,
  HEX_AND_TIME_FIELDS,
  type Report,
  redactTree,
  reportSchema,
} from "../../redact/index.js";

// The server runs the same scrubber as the client (docs/DESIGN.md section 3) over
// every string the report carries but those of the fields in hex or time
// (HEX_AND_TIME_FIELDS), which hold no text a rule could be after. Which strings those are is read from the report schema itself, so
// a field added to the schema is scrubbed without anyone listing it here. Anything the scrub still finds is a "scrubber
// miss": a modified or outdated client.
const TOKEN = /\[REDACTED:([A-Z0-9_]+)\]/g;

export type ScrubResult = { report: Report; misses: number; classes: string[] };

type Scrubbed = { value: string; count: number; classes: string[] };
type Walk = { misses: number; classes: Set<string> };

function tokenCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of text.matchAll(TOKEN)) {
    const name = match[1] ?? "UNKNOWN";
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

// A storm is many reports of one bug: their strings repeat and only ids and
// timestamps differ. The scrubber is pure, so each string's answer is
// remembered (bounded, oldest out first), which keeps a storm cheap.
const CACHE_LIMIT = 10_000;
const cache = new Map<string, Scrubbed>();

function scrubString(text: string): Scrubbed {
  const hit = cache.get(text);
  if (hit) return hit;
  const scrubbed = redactTree(text);
  const value = typeof scrubbed.value === "string" ? scrubbed.value : "[REDACTED:UNSCRUBBABLE]";
  let result: Scrubbed = { value: text, count: 0, classes: [] };
  if (scrubbed.count > 0 || value !== text) {
    const before = tokenCounts(text);
    const classes = [...tokenCounts(value)]
      .filter(([name, n]) => n > (before.get(name) ?? 0))
      .map(([name]) => name);
    result = {
      value,
      count: Math.max(1, scrubbed.count),
      classes: classes.length > 0 ? classes : ["UNKNOWN"],
    };
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? "");
  cache.set(text, result);
  return result;
}

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
};

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Follows the schema's structure (objects, arrays, optional wrappers) and
// scrubs every string it reaches, whatever the field's own rule; a kind of
// schema this walk does not know is scrubbed whole (fail closed).
function walk(schema: z.ZodType, value: unknown, state: Walk): unknown {
  if (typeof value === "string") {
    const scrubbed = scrubString(value);
    state.misses += scrubbed.count;
    for (const name of scrubbed.classes) state.classes.add(name);
    return scrubbed.value;
  }
  const def = defOf(schema);
  if (def.type === "object" && def.shape && isRecord(value)) {
    const out: Record<string, unknown> = { ...value };
    for (const [key, field] of Object.entries(def.shape)) {
      if (Object.hasOwn(value, key) && value[key] !== undefined)
        out[key] = walk(field, value[key], state);
    }
    return out;
  }
  if (def.type === "array" && def.element && Array.isArray(value)) {
    const element = def.element;
    return value.map((item) => walk(element, item, state));
  }
  if (def.innerType) return walk(def.innerType, value, state);
  if (typeof value !== "object" || value === null) return value;
  const whole = redactTree(value);
  if (whole.count > 0) {
    state.misses += whole.count;
    state.classes.add("UNKNOWN");
  }
  return whole.value;
}

// Scrubs every string of a report that passed `schema` (the report schema;
// tests pass an extended one). The fingerprint is taken again over the
// scrubbed class and frames, so the issue never depends on a secret.
export function secondScrub(report: Report, schema: z.ZodType = reportSchema): ScrubResult {
  const state: Walk = { misses: 0, classes: new Set() };
  const rest: Record<string, unknown> = { ...report };
  const made: Record<string, unknown> = {};
  for (const key of HEX_AND_TIME_FIELDS) {
    if (Object.hasOwn(report, key)) made[key] = report[key];
    delete rest[key];
  }
  const scrubbed = { ...(walk(schema, rest, state) as Report), ...made } as Report;
  if (state.misses === 0) return { report, misses: 0, classes: [] };
  const result = {
    ...scrubbed,
    fingerprint: fingerprint(scrubbed.error_class, scrubbed.stack_signature),
  };
  return { report: result, misses: state.misses, classes: [...state.classes] };
}
