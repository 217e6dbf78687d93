import { commentSafeJson } from "./markdown-text.js";
import { readMarkerJson } from "./read-marker-json.js";

// When a triage issue is closed as completed, the newest version seen so far
// is recorded in a hidden marker: a report from a version newer than that is
// a regression (the fix shipped after it), older ones are stragglers.
const FIXED_IN_PREFIX = "<!-- crashfix:fixed-after=";
const FIXED_IN_LINE = /\n?<!-- crashfix:fixed-after=[^\n]*? -->/g;

export function parseFixedAfter(body: string | null | undefined): string | undefined {
  if (!body) return undefined;
  const value = readMarkerJson(body, FIXED_IN_PREFIX);
  return typeof value === "string" ? value : undefined;
}

export function withFixedAfter(body: string | null | undefined, version: string): string {
  const base = (body ?? "").replace(FIXED_IN_LINE, "");
  return `${base}\n${FIXED_IN_PREFIX}${commentSafeJson(version)} -->`;
}
