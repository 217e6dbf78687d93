// Every string in a report is attacker-controlled (DESIGN.md section 6). These
// helpers make such a string inert in GitHub-flavoured Markdown: no HTML, no
// table breaks, no @mentions or #references (code spans are not linked).

const BACKTICK_RUN = /`+/g;

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(BACKTICK_RUN)) longest = Math.max(longest, match[0].length);
  return longest;
}

function toSingleLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we strip
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ");
}

// A code span safe inside a GFM table cell: the fence is longer than any
// backtick run inside, and `|` is escaped because tables split on it before
// code spans are parsed (https://github.github.com/gfm/#tables-extension-).
export function codeSpan(text: string): string {
  const line = toSingleLine(text).replace(/\|/g, "\\|");
  const fence = "`".repeat(longestBacktickRun(line) + 1);
  const pad = line.startsWith("`") || line.endsWith("`") || line === "" ? " " : "";
  return `${fence}${pad}${line}${pad}${fence}`;
}

// A fenced code block whose fence cannot be closed by the content.
export function codeBlock(lines: readonly string[], info = "text"): string {
  const content = lines.map(toSingleLine);
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

// Issue titles are plain text on GitHub, but keep them on one line and short
// (the API refuses titles over 256 characters), with references made inert.
export function plainTitle(text: string, max = 200): string {
  const line = inertReferences(toSingleLine(text)).replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
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
