import { charClass, inClass } from "./char-class.js";
import { isSecretKeyCached, secretKeyKind } from "./is-secret-key.js";
import { KEY_HINTS, prescan } from "./prescan.js";
import { redactionToken, TOKEN_PREFIX } from "./redaction-token.js";
import type { RedactionCounter, Span } from "./replace-matches.js";
import { applySpans } from "./replace-matches.js";

/**
 * The regex form of the key hints prescan.ts finds by hand (each hit is then
 * widened to the whole key): the reference the tests hold the scan to, and
 * listed for the ReDoS check. Plain alternation of literals.
 */
export const SECRET_KEY_HINT_PATTERN = new RegExp(KEY_HINTS.join("|"), "gi");

/** An HTTP auth scheme in front of a secret-keyed value ("Authorization: Bearer x"). */
export const AUTH_SCHEME_PREFIX_PATTERN =
  /(?:Bearer|Basic|Token|Digest|Negotiate|NTLM|Bot|ApiKey|Key|AWS4-HMAC-SHA256)[ \t]{1,16}/iy;

const KEY_CHARS = charClass("A-Za-z0-9_.-");
/** Characters that end an unquoted value outside line mode. */
const VALUE_END = charClass(" \t\r\n,;&)]}\"'<>`\\\\");
const CODE_FILE =
  /\.(?:[cm]?[jt]sx?|json|py|go|rs|rb|java|kt|swift|c|h|cc|cpp|cs|php|sh|ya?ml|toml|md|txt|lock|log|d\.ts|map|node|wasm)$/i;
const MAX_KEY_LENGTH = 100;

enum Mode {
  Word = 0,
  Line = 1,
}

/**
 * Redact the value of every secret-keyed assignment: env (`TOKEN=x`,
 * `export PGPASSWORD='x'`), JSON (`"api_key": "x"`, escaped `\"token\":\"x\"`),
 * YAML (`password: x y`), JS object dumps (`{ secret: 'x' }`), query strings
 * (`?access_token=x&`), headers (`Cookie: a=b; c=d`), XML (`<password>x</password>`)
 * and CLI flags (`--password x`, `--token=x`). The key stays, the value goes,
 * whatever it is. Left to right, never revisiting text before the last value.
 */
export function redactKeyed(text: string, counter: RedactionCounter): string {
  const spans: Span[] = [];
  let floor = 0;
  let resume = 0;
  // Any position inside the hint will do, since the key is widened both ways from it.
  for (const hit of prescan(text).hintStarts) {
    if (hit < resume) continue;
    const next = redactAt(text, hit, floor, spans);
    floor = Math.max(floor, next);
    resume = Math.max(next, hit + 1);
  }
  return applySpans(text, spans, counter);
}

/** Handle one hint; returns where scanning may resume. */
function redactAt(text: string, hit: number, floor: number, spans: Span[]): number {
  let keyStart = hit;
  while (keyStart > floor && inClass(KEY_CHARS, text.charCodeAt(keyStart - 1))) keyStart -= 1;
  let keyEnd = hit;
  while (keyEnd < text.length && inClass(KEY_CHARS, text.charCodeAt(keyEnd))) keyEnd += 1;
  if (keyEnd - keyStart > MAX_KEY_LENGTH) return keyEnd;
  const before = text.charCodeAt(keyStart - 1);
  // A path segment ("/src/token.ts:12"), not a key.
  if (before === 0x2f || before === 0x5c) return keyEnd;
  // Cheap test first: most words that contain a hint are not followed by an
  // assignment ("token expired"), and need no key lookup at all.
  if (!mayAssign(text, keyStart, keyEnd, before)) return keyEnd;
  const key = text.slice(keyStart, keyEnd);
  if (!isSecretKeyName(key)) return keyEnd;

  let p = keyEnd;
  let xml = false;
  if (before === 0x3c /* < */ && text.charCodeAt(p) === 0x3e /* > */) {
    xml = true;
    p += 1;
  } else {
    p = skipClosingQuote(text, p);
  }
  const separatorStart = p;
  p = skipBlanks(text, p);
  let isFlagValue = false;
  let colon = false;
  if (!xml) {
    const sep = separatorLength(text, p);
    colon = sep > 0 && text.charCodeAt(p) === 0x3a;
    if (sep === 0) {
      // `--password hunter2`: a flag followed by its value.
      const isFlag = key.startsWith("-") && key.length > 2 && p > separatorStart;
      if (!isFlag) return keyEnd;
      isFlagValue = true;
    }
    p = skipBlanks(text, p + sep);
  }
  AUTH_SCHEME_PREFIX_PATTERN.lastIndex = p;
  if (AUTH_SCHEME_PREFIX_PATTERN.test(text)) p = AUTH_SCHEME_PREFIX_PATTERN.lastIndex;

  // A replacement token followed by the end of a word is a clean value.
  const tokenEnd = tokenEndAt(text, p);
  if (
    tokenEnd !== -1 &&
    (tokenEnd >= text.length || inClass(VALUE_END, text.charCodeAt(tokenEnd)))
  ) {
    return tokenEnd;
  }
  const mode =
    !xml && !isFlagValue && useLineMode(text, keyStart, key, colon) ? Mode.Line : Mode.Word;
  const value = xml ? xmlValue(text, p) : valueAt(text, p, mode, keyStart);
  if (value === undefined) return p;
  // A value that is exactly a replacement token is already clean (idempotence,
  // and a provider token a more specific stage replaced inside quotes). A token
  // with more text glued on does not protect that text.
  if (value.end > value.start && tokenEndAt(text, value.start) !== value.end) {
    spans.push({
      start: value.start,
      end: value.end,
      replacement: replacementFor(key),
    });
  }
  return Math.max(value.end, p);
}

/** Columns between the start of the key's line and the key (at most 256 looked at). */
function lineIndent(text: string, keyStart: number): number {
  let i = keyStart;
  while (i > 0 && keyStart - i < 256) {
    const c = text.charCodeAt(i - 1);
    if (c === 0x0a || c === 0x0d) break;
    i -= 1;
  }
  return keyStart - i;
}

/** Whether the key at [keyStart, keyEnd) is followed by something that can assign it a value. */
function mayAssign(text: string, keyStart: number, keyEnd: number, before: number): boolean {
  let p = skipClosingQuote(text, keyEnd);
  const c = text.charCodeAt(p);
  if (c === 0x3e /* > */) return before === 0x3c;
  if (c === 0x3d || c === 0x3a) return true;
  const blanks = skipBlanks(text, p);
  if (blanks === p) return false;
  p = blanks;
  const d = text.charCodeAt(p);
  return d === 0x3d || d === 0x3a || text.charCodeAt(keyStart) === 0x2d /* --flag value */;
}

/**
 * Replacement tokens by key (the same few keys fill a log); the cache is
 * cleared when full to stay bounded on hostile input.
 */
const kindCache = new Map<string, string>();
const KEY_CACHE_LIMIT = 4096;

function replacementFor(key: string): string {
  let token = kindCache.get(key);
  if (token === undefined) {
    token = redactionToken(secretKeyKind(key));
    if (kindCache.size >= KEY_CACHE_LIMIT) kindCache.clear();
    kindCache.set(key, token);
  }
  return token;
}

/** A secret key (verdicts memoised in is-secret-key.ts), unless it is a file name ("token.ts"). */
function isSecretKeyName(key: string): boolean {
  return isSecretKeyCached(key) && !CODE_FILE.test(key);
}

/** A complete replacement token at p: returns the index after its "]", or -1. */
export const WHOLE_TOKEN_PATTERN = /\[REDACTED:[A-Z0-9_]{1,40}\]/y;

function tokenEndAt(text: string, p: number): number {
  if (!text.startsWith(TOKEN_PREFIX, p)) return -1;
  WHOLE_TOKEN_PATTERN.lastIndex = p;
  return WHOLE_TOKEN_PATTERN.test(text) ? WHOLE_TOKEN_PATTERN.lastIndex : -1;
}

function skipClosingQuote(text: string, p: number): number {
  const c = text.charCodeAt(p);
  if (c === 0x22 || c === 0x27 || c === 0x60) return p + 1;
  if (c === 0x5c) {
    const q = text.charCodeAt(p + 1);
    if (q === 0x22 || q === 0x27) return p + 2;
  }
  return p;
}

function skipBlanks(text: string, p: number): number {
  let i = p;
  while (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09) i += 1;
  return i;
}

/** Length of an assignment operator at p: = : => := (not == or ::), else 0. */
function separatorLength(text: string, p: number): number {
  const c = text.charCodeAt(p);
  const d = text.charCodeAt(p + 1);
  if (c === 0x3d /* = */) {
    if (d === 0x3d) return 0;
    return d === 0x3e /* > */ ? 2 : 1;
  }
  if (c === 0x3a /* : */) {
    if (d === 0x3a) return 0;
    return d === 0x3d ? 2 : 1;
  }
  return 0;
}

/**
 * YAML-style `key: value` at the start of a line, and header-like keys
 * (Cookie, Set-Cookie, Authorization), take the rest of the line: their
 * values contain spaces and `;`.
 */
function useLineMode(text: string, keyStart: number, key: string, colon: boolean): boolean {
  const normalized = key.toLowerCase();
  if (normalized.endsWith("cookie") || normalized === "authorization") return true;
  // A quoted key is JSON or a JS literal: its unquoted values end at a comma.
  const before = text.charCodeAt(keyStart - 1);
  if (before === 0x22 || before === 0x27 || !colon) return false;
  // Only blanks and list dashes between the line start and the key (bounded walk).
  let i = keyStart - 1;
  const limit = Math.max(-1, keyStart - 256);
  while (i > limit) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) return true;
    if (c !== 0x20 && c !== 0x09 && c !== 0x2d /* - */) return false;
    i -= 1;
  }
  return i === -1;
}

interface ValueSpan {
  start: number;
  end: number;
}

function valueAt(text: string, p: number, mode: Mode, keyStart: number): ValueSpan | undefined {
  const c = text.charCodeAt(p);
  if (c === 0x22 || c === 0x27 || c === 0x60) return quoted(text, p + 1, c, false);
  if (c === 0x5c && (text.charCodeAt(p + 1) === 0x22 || text.charCodeAt(p + 1) === 0x27)) {
    return quoted(text, p + 2, text.charCodeAt(p + 1), true);
  }
  // Step over a replacement token at the start, so text glued to it is part of the value.
  const afterToken = tokenEndAt(text, p);
  // Structure, not a scalar: the keys inside are checked one by one.
  if (afterToken === -1 && (c === 0x7b || c === 0x5b || c === 0x28)) return undefined;
  let end = afterToken === -1 ? p : afterToken;
  if (mode === Mode.Line) {
    while (end < text.length && text.charCodeAt(end) !== 0x0a && text.charCodeAt(end) !== 0x0d)
      end += 1;
    while (end > p && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09))
      end -= 1;
    // YAML block scalar (`password: |`): the value is the more-indented lines below.
    if (end - p <= 3 && BLOCK_SCALAR.test(text.slice(p, end))) {
      end = blockScalarEnd(text, end, lineIndent(text, keyStart));
    }
  } else {
    while (end < text.length && !inClass(VALUE_END, text.charCodeAt(end))) end += 1;
  }
  return { start: p, end };
}

const BLOCK_SCALAR = /^[|>][+-]?[1-9]?$/;

/**
 * End of a YAML block scalar's content: the lines after `from` (a line end)
 * indented deeper than the key, blank lines included. Reads forward only.
 */
function blockScalarEnd(text: string, from: number, keyIndent: number): number {
  let end = from;
  let pos = from;
  while (pos < text.length) {
    if (text.charCodeAt(pos) === 0x0d) pos += 1;
    if (text.charCodeAt(pos) === 0x0a) pos += 1;
    let indent = 0;
    while (text.charCodeAt(pos + indent) === 0x20) indent += 1;
    let lineEnd = pos + indent;
    while (
      lineEnd < text.length &&
      text.charCodeAt(lineEnd) !== 0x0a &&
      text.charCodeAt(lineEnd) !== 0x0d
    ) {
      lineEnd += 1;
    }
    const blank = lineEnd === pos + indent;
    if (!blank && indent <= keyIndent) break;
    if (!blank) end = lineEnd;
    // pos always sits on a line break here, so the next round moves past it.
    if (lineEnd >= text.length) break;
    pos = lineEnd;
  }
  return end;
}

/**
 * A quoted value: up to the closing quote that is not escaped, never past the
 * line. An unclosed quote takes the rest of the line (fail closed).
 * With `escaped` (JSON inside a JSON string) the closing quote is `\"`.
 */
function quoted(text: string, start: number, quote: number, escaped: boolean): ValueSpan {
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) break;
    if (escaped) {
      if (c === 0x5c && text.charCodeAt(i + 1) === quote) break;
      // An escaped backslash inside the escaped string: `\\\\`.
      if (c === 0x5c && text.charCodeAt(i + 1) === 0x5c) {
        i += 2;
        continue;
      }
    } else {
      if (c === 0x5c) {
        i += 2;
        continue;
      }
      if (c === quote) break;
    }
    i += 1;
  }
  return { start, end: Math.min(i, text.length) };
}

function xmlValue(text: string, p: number): ValueSpan {
  let end = p;
  while (end < text.length && text.charCodeAt(end) !== 0x3c) end += 1;
  return { start: p, end };
}
