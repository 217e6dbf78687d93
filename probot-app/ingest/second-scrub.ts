import type { Report } from "../../redact/index.js";
import { fingerprint, redactTree } from "../../redact/index.js";

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

export type ScrubResult = { report: Report; misses: number; classes: string[] };

export function secondScrub(report: Report): ScrubResult {
  const text = {
    app: report.app,
    app_version: report.app_version,
    os: report.os,
    arch: report.arch,
    runtime: report.runtime,
    error_class: report.error_class,
    stack_signature: report.stack_signature,
    phase: report.phase,
  };
  const { value, count } = redactTree(text);
  if (count === 0) return { report, misses: 0, classes: [] };
  const before = tokenClasses(text);
  const classes = [...tokenClasses(value)]
    .filter(([name, n]) => n > (before.get(name) ?? 0))
    .map(([name]) => name);
  const scrubbed = { ...report, ...(value as Partial<Report>) } as Report;
  // The issue must not depend on the secret, so the fingerprint is taken
  // again over the scrubbed class and frames.
  scrubbed.fingerprint = fingerprint(scrubbed.error_class, scrubbed.stack_signature);
  if (scrubbed.phase === undefined) delete scrubbed.phase;
  return { report: scrubbed, misses: count, classes: classes.length > 0 ? classes : ["UNKNOWN"] };
}
