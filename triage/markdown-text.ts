// Every string in a report is attacker-controlled (docs/DESIGN.md section 6). These
// helpers make such a string inert wherever crashfix writes Markdown (triage
// and public issues, pull requests, the agent's brief, job summaries): code
// spans and fenced blocks, which GitHub renders literally (no HTML, links,
// @mentions or #references), and titles in a conservative character set.
// https://spec.commonmark.org/0.31.2/#fenced-code-blocks

// Characters that break a line or make text read differently from what it is:
// C0 and C1 controls, DEL, the soft hyphen, zero-width and bidi controls, the
// line and paragraph separators, the byte-order mark. Each run becomes a space.
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what we remove
  /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]+/g;

const BACKTICK_RUN = /`+/g;

// The longest line a fenced block keeps; longer ones end in "…".
const MAX_BLOCK_LINE = 1_000;

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(BACKTICK_RUN)) longest = Math.max(longest, match[0].length);
  return longest;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** One visible line: every run of invisible or line-breaking characters becomes a space. */
function singleLine(text: string, max = Number.POSITIVE_INFINITY): string {
  return shorten(text.replace(INVISIBLE, " "), max);
}

// A code span safe inside a GFM table cell: the fence is longer than any
// backtick run inside, and `|` is escaped because tables split on it before
// code spans are parsed (https://github.github.com/gfm/#tables-extension-).
export function codeSpan(text: string, max?: number): string {
  const line = singleLine(text, max).replace(/\|/g, "\\|");
  const fence = "`".repeat(longestBacktickRun(line) + 1);
  const pad = line.startsWith("`") || line.endsWith("`") || line === "" ? " " : "";
  return `${fence}${pad}${line}${pad}${fence}`;
}

// A fenced code block whose fence cannot be closed by the content.
export function codeBlock(lines: readonly string[], info = "text"): string {
  const content = lines.map((line) => singleLine(line, MAX_BLOCK_LINE));
  const fence = "`".repeat(Math.max(3, longestBacktickRun(content.join("\n")) + 1));
  return [`${fence}${info}`, ...content, fence].join("\n");
}

// GitHub turns references into links in titles as well as bodies: `#123`,
// `GH-123`, `owner/repo#123`, `@user` and `@org/team`, and URLs. Text that
// came from a report must not ping anyone or link anywhere, so the sign that
// starts each becomes `_` and a scheme's colon becomes `_` too.
// https://docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/autolinked-references-and-urls
const REFERENCE = /#(?=\d)|\bGH-(?=\d)|@(?=[A-Za-z0-9])/gi;
const SCHEME =
  /\b(https?|ftps?|s?ftp|mailto|javascript|vbscript|data|file|ssh|git|irc|tel|sms|xmpp|[A-Za-z][A-Za-z0-9+.-]{0,30}(?=:\/\/)):/gi;
const WWW = /\bwww\./gi;

export function inertReferences(text: string): string {
  return text
    .replace(REFERENCE, (found) => (found.startsWith("#") || found === "@" ? "_" : "GH_"))
    .replace(SCHEME, "$1_")
    .replace(WWW, "www_");
}

// Titles are plain text on GitHub, but they travel into e-mails, notifications
// and chat integrations that render Markdown or HTML: one short line (the API
// refuses titles over 256 characters), references made inert, and only the
// characters a report's error class and frames use (redact/report-rules.ts)
// plus spaces, brackets and `/`; anything else becomes `_`.
const TITLE_UNSAFE = /[^A-Za-z0-9 ._:()[\]/#+-]/g;

export function plainTitle(text: string, max = 200): string {
  const line = inertReferences(singleLine(text))
    .replace(TITLE_UNSAFE, "_")
    .replace(/\s+/g, " ")
    .trim();
  return line === "" ? "crash" : shorten(line, max);
}

// JSON inside an HTML comment: `>` must never appear, or `-->` / `--!>` in a
// value would close the comment early; `@` is escaped so no mention is ever
// parsed out of it. JSON.parse turns the escapes back.
export function commentSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/@/g, "\\u0040");
}
