import { fingerprint, type Report, redactTree } from "../../redact/index.js";

// The server runs the same scrubber as the client (DESIGN.md section 3) over
// the report's text fields. Anything it still finds is a "scrubber miss": a
// modified or outdated client. The fields that are hashes, ids or timestamps
// are left alone: the schema already pins them to hex, UUID and ISO formats.
const TOKEN = /\[REDACTED:([A-Z0-9_]+)\]/g;

function tokenClasses(value: unknown): Map<string, number> {
  const classes = new Map<string, number>();
  for (const match of JSON.stringify(value).matchAll(TOKEN)) {
    const name = match[1] ?? "UNKNOWN";
    classes.set(name, (classes.get(name) ?? 0) + 1);
  }
  return classes;
}

type TextFields = Pick<
  Report,
  "app" | "app_version" | "os" | "arch" | "runtime" | "error_class" | "stack_signature" | "phase"
>;
type Scrubbed = { text: TextFields; fingerprint: string; misses: number; classes: string[] };

export type ScrubResult = { report: Report; misses: number; classes: string[] };

// A storm is many reports of one bug: their text fields are identical and
// only ids and timestamps differ. The scrubber is pure, so its answer for a
// given text is remembered (bounded), which keeps a storm cheap.
const CACHE_LIMIT = 10_000;
const cache = new Map<string, Scrubbed>();

function scrubText(text: TextFields): Scrubbed {
  const key = JSON.stringify(text);
  const hit = cache.get(key);
  if (hit) return hit;
  const { value, count } = redactTree(text);
  let result: Scrubbed;
  if (count === 0) {
    result = { text, fingerprint: "", misses: 0, classes: [] };
  } else {
    const before = tokenClasses(text);
    const classes = [...tokenClasses(value)]
      .filter(([name, n]) => n > (before.get(name) ?? 0))
      .map(([name]) => name);
    const scrubbed = value as TextFields;
    result = {
      text: scrubbed,
      // The issue must not depend on the secret, so the fingerprint is
      // taken again over the scrubbed class and frames.
      fingerprint: fingerprint(scrubbed.error_class, scrubbed.stack_signature),
      misses: count,
      classes: classes.length > 0 ? classes : ["UNKNOWN"],
    };
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? "");
  cache.set(key, result);
  return result;
}

export function secondScrub(report: Report): ScrubResult {
  const text: TextFields = {
    app: report.app,
    app_version: report.app_version,
    os: report.os,
    arch: report.arch,
    runtime: report.runtime,
    error_class: report.error_class,
    stack_signature: report.stack_signature,
  };
  if (report.phase !== undefined) text.phase = report.phase;
  const scrubbed = scrubText(text);
  if (scrubbed.misses === 0) return { report, misses: 0, classes: [] };
  const result = { ...report, ...scrubbed.text, fingerprint: scrubbed.fingerprint } as Report;
  return { report: result, misses: scrubbed.misses, classes: scrubbed.classes };
}
