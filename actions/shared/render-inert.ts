import {
  codeBlock,
  plainTitle as oneLineTitle,
  codeSpan as triageCodeSpan,
} from "../../triage/index.js";

// Report strings are attacker-controlled. Where they appear in Markdown (public
// issue, pull request, brief, job summary) they go inside a fenced code block
// or a code span (triage's helpers: fences longer than any backtick run in the
// content), which GitHub renders literally: no HTML, no links, no @-mentions,
// no #-references. On top of that, the public side removes characters that
// make text read differently from what it is (bidi overrides, zero-width).
// https://spec.commonmark.org/0.31.2/#fenced-code-blocks
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what we remove
  /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

export function oneLine(value: string, maxLength = 300): string {
  const flat = value.replace(INVISIBLE, " ");
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

export function fencedBlock(lines: readonly string[], info = "text"): string {
  return codeBlock(
    lines.map((line) => oneLine(line, 1_000)),
    info,
  );
}

export function codeSpan(value: string, maxLength = 120): string {
  return triageCodeSpan(oneLine(value, maxLength));
}

// Titles are plain text on GitHub, but they travel into e-mails, notifications
// and chat integrations that render Markdown or HTML: keep a conservative
// character set there, with references and links made inert (triage's
// plainTitle).
export function plainTitle(value: string, maxLength = 200): string {
  const text = oneLineTitle(oneLine(value, maxLength), maxLength)
    .replace(/[^A-Za-z0-9 ._:()[\]/#+-]/g, "_")
    .replace(/\s+/g, " ")
    .trim();
  return text === "" ? "crash" : text;
}
