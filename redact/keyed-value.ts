import { looksLikePassword, looksRandom } from "./looks-random.js";
import { TOKEN_PREFIX, wholeTokenEnd } from "./redaction-token.js";
import {
  accessorEnd,
  BLOCK_SCALAR,
  blockScalarEnd,
  isValueEnd,
  lineIndent,
  lineValueEnd,
  quotedValue,
  skipBlanks,
  startsLine,
  type ValueSpan,
  wordValueEnd,
  xmlTextValue,
} from "./value-span.js";

/** An HTTP auth scheme in front of a secret-keyed value ("Authorization: Bearer x"). */
export const AUTH_SCHEME_PREFIX_PATTERN =
  /(?:Bearer|Basic|Token|Digest|Negotiate|NTLM|Bot|ApiKey|Key|AWS4-HMAC-SHA256)[ \t]{1,16}/iy;

/**
 * An attribute naming the key another attribute holds the value of
 * (`<add key="X" value="Y"/>`, `<meta name="csrf-token" content="Y">`).
 */
export const XML_PAIR_PATTERN = /(?:key|name)=["']$/;
export const XML_PAIR_VALUE_PATTERN = /["'][ \t]{1,16}(?:value|content)=(["'])/y;

const ENV_NAME = /^[A-Z][A-Z0-9_]{1,99}$/;

/** How the value after a key is delimited. */
export enum Shape {
  /** Up to the next blank, comma, quote or bracket. */
  Word = 0,
  /** The rest of the line (YAML at a line start, Cookie, Authorization). */
  Line = 1,
  /** XML element text, up to "<". */
  Xml = 2,
}

/** A key and the value assigned to it. */
export interface Assignment {
  key: string;
  keyStart: number;
  value: ValueSpan;
  shape: Shape;
}

/** The value assigned to the key at [keyStart, keyEnd), or undefined when nothing is assigned. */
export function findValue(
  text: string,
  key: string,
  keyStart: number,
  keyEnd: number,
): Assignment | undefined {
  const before = text.charCodeAt(keyStart - 1);
  let p = keyEnd;
  // <password>x</password>
  if (before === 0x3c /* < */ && text.charCodeAt(p) === 0x3e /* > */) {
    return { key, keyStart, value: xmlTextValue(text, p + 1), shape: Shape.Xml };
  }
  // <add key="ClearTextPassword" value="x" />
  if (
    (before === 0x22 || before === 0x27) &&
    XML_PAIR_PATTERN.test(text.slice(Math.max(0, keyStart - 6), keyStart))
  ) {
    XML_PAIR_VALUE_PATTERN.lastIndex = keyEnd;
    const pair = XML_PAIR_VALUE_PATTERN.exec(text);
    if (pair !== null) {
      const value = quotedValue(
        text,
        XML_PAIR_VALUE_PATTERN.lastIndex,
        (pair[1] ?? '"').charCodeAt(0),
        false,
      );
      return { key, keyStart, value, shape: Shape.Word };
    }
  }
  p = skipClosingQuote(text, p);
  const separatorStart = p;
  p = skipBlanks(text, p);
  const sep = separatorLength(text, p);
  if (sep === 0) {
    const blanks = text.slice(separatorStart, p);
    const assigned =
      // --flag value
      (key.startsWith("-") && key.length > 2 && blanks.length > 0) ||
      // NAME<TAB>VALUE and NAME<2+ spaces>VALUE: env tables (printenv, heroku config).
      ((blanks.includes("\t") || blanks.length >= 2) && ENV_NAME.test(key)) ||
      // .netrc: "password x" alone on its line.
      (blanks.length > 0 && startsLine(text, keyStart) && isNetrcValue(text, p));
    if (!assigned) return undefined;
    return { key, keyStart, value: valueAt(text, p, Shape.Word, keyStart), shape: Shape.Word };
  }
  const colon = text.charCodeAt(p) === 0x3a;
  p = skipBlanks(text, p + sep);
  const shape = useLineShape(text, keyStart, key, colon) ? Shape.Line : Shape.Word;
  return { key, keyStart, value: valueAt(text, p, shape, keyStart), shape };
}

/** Whether the word at p ends its line and reads as a credential (a .netrc value, not prose). */
function isNetrcValue(text: string, p: number): boolean {
  const end = wordValueEnd(text, p);
  if (end === p) return false;
  const after = skipBlanks(text, end);
  const lastOnLine =
    after >= text.length || text.charCodeAt(after) === 0x0a || text.charCodeAt(after) === 0x0d;
  const word = text.slice(p, end);
  return lastOnLine && (looksLikePassword(word) || looksRandom(word));
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
 * values contain spaces and `;`. A quoted key is JSON or a JS literal,
 * whose unquoted values end at a comma.
 */
function useLineShape(text: string, keyStart: number, key: string, colon: boolean): boolean {
  const normalized = key.toLowerCase();
  if (normalized.endsWith("cookie") || normalized === "authorization") return true;
  const before = text.charCodeAt(keyStart - 1);
  if (before === 0x22 || before === 0x27 || !colon) return false;
  return startsLine(text, keyStart);
}

function valueAt(text: string, p: number, shape: Shape, keyStart: number): ValueSpan {
  const c = text.charCodeAt(p);
  if (c === 0x22 || c === 0x27 || c === 0x60)
    return afterScheme(text, quotedValue(text, p + 1, c, false));
  if (c === 0x5c && (text.charCodeAt(p + 1) === 0x22 || text.charCodeAt(p + 1) === 0x27)) {
    return afterScheme(text, quotedValue(text, p + 2, text.charCodeAt(p + 1), true));
  }
  const start = schemeEnd(text, p);
  // A replacement token that ends its word is a clean value; text glued on is part of it.
  const tokenEnd = wholeTokenEnd(text, start);
  const from = tokenEnd === -1 ? start : tokenEnd;
  if (from > start && (from >= text.length || isValueEnd(text.charCodeAt(from)))) {
    return { start, end: from };
  }
  // Structure, not a scalar: the keys inside are checked one by one.
  if (from === start && (c === 0x7b || c === 0x5b || c === 0x28)) return { start, end: start };
  if (shape === Shape.Line) {
    const end = lineValueEnd(text, start);
    // YAML block scalar (`password: |`): the value is the more-indented lines below.
    if (end - start <= 3 && BLOCK_SCALAR.test(text.slice(start, end))) {
      return blockScalarValue(text, end, lineIndent(text, keyStart));
    }
    return { start, end };
  }
  return { start, end: accessorEnd(text, start, wordEnd(text, start, from)) };
}

/**
 * The end of a word value from `from`, past the replacement tokens inside
 * it: a word value stops at `]`, and one holding tokens
 * (`[REDACTED:REPO]:[REDACTED:EMAIL]`, which a second scrub meets) left the
 * last one's `]` behind.
 */
function wordEnd(text: string, start: number, from: number): number {
  let end = wordValueEnd(text, from);
  // Only a `]` can end a value inside a token, whose prefix is then at most
  // a token's length back.
  while (text.charCodeAt(end) === 0x5d) {
    const window = Math.max(start, end - LONGEST_TOKEN);
    const last = text.slice(window, end).lastIndexOf(TOKEN_PREFIX);
    const tokenEnd = last === -1 ? -1 : wholeTokenEnd(text, window + last);
    if (tokenEnd <= end) return end;
    end = wordValueEnd(text, tokenEnd);
  }
  return end;
}
/** `[REDACTED:` and a kind of at most 40 characters (wholeTokenEnd). */
const LONGEST_TOKEN = TOKEN_PREFIX.length + 40;

/** The content lines of a block scalar whose indicator line ends at `lineEnd` (indicator kept). */
function blockScalarValue(text: string, lineEnd: number, keyIndent: number): ValueSpan {
  const end = blockScalarEnd(text, lineEnd, keyIndent);
  let start = lineEnd;
  while (start < end && /\s/.test(text[start] ?? "")) start += 1;
  return { start, end: Math.max(start, end) };
}

/** Past an auth scheme ("Bearer ", "token ") at p, which stays readable. */
function schemeEnd(text: string, p: number): number {
  AUTH_SCHEME_PREFIX_PATTERN.lastIndex = p;
  return AUTH_SCHEME_PREFIX_PATTERN.test(text) ? AUTH_SCHEME_PREFIX_PATTERN.lastIndex : p;
}

function afterScheme(text: string, span: ValueSpan): ValueSpan {
  return { start: Math.min(schemeEnd(text, span.start), span.end), end: span.end };
}
