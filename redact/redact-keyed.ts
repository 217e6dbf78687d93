import { charClass, inClass } from "./char-class.js";
import { cookieValueSpans } from "./cookie-values.js";
import { type KeyVerdict, keyVerdict } from "./is-secret-key.js";
import { looksLikePassword, looksRandom } from "./looks-random.js";
import { proseSecretAt } from "./redact-free-text.js";
import { TOKEN_PREFIX } from "./redaction-token.js";
import { type RedactionCounter, SpanList } from "./replace-matches.js";
import { isSecretUnder } from "./value-shape.js";
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

/**
 * Words secret keys are made of (PASSWORD, api_key, x-auth-token, bindpw,
 * phone...); a key is looked at only where one of them occurs, in any case.
 */
export const SECRET_KEY_HINT_PATTERN =
  /pass|pwd|pw|secret|token|key|auth|cred|cookie|sess|sid|csrf|xsrf|jwt|bearer|dsn|sig|otp|conn|dburl|pat|pin|phone|mobile|tel|cell|msisdn|fax|salt|nonce|hmac|priv|licen|access|api/gi;

/** The same hints, for a lower-cased copy of the text. */
const LOWER_HINTS = new RegExp(SECRET_KEY_HINT_PATTERN.source, "g");

/** An HTTP auth scheme in front of a secret-keyed value ("Authorization: Bearer x"). */
export const AUTH_SCHEME_PREFIX_PATTERN =
  /(?:Bearer|Basic|Token|Digest|Negotiate|NTLM|Bot|ApiKey|Key|AWS4-HMAC-SHA256)[ \t]{1,16}/iy;

/** A complete replacement token at p. */
export const WHOLE_TOKEN_PATTERN = /\[REDACTED:[A-Z0-9_]{1,40}\]/y;

/**
 * An attribute naming the key another attribute holds the value of
 * (`<add key="X" value="Y"/>`, `<meta name="csrf-token" content="Y">`).
 */
export const XML_PAIR_PATTERN = /(?:key|name)=["']$/;
export const XML_PAIR_VALUE_PATTERN = /["'][ \t]{1,16}(?:value|content)=(["'])/y;

const KEY_CHARS = charClass("A-Za-z0-9_.-");
const ENV_NAME = /^[A-Z][A-Z0-9_]{1,99}$/;
const CODE_FILE =
  /\.(?:[cm]?[jt]sx?|json|py|go|rs|rb|java|kt|swift|c|h|cc|cpp|cs|php|sh|ya?ml|toml|md|txt|lock|log|d\.ts|map|node|wasm)$/i;
const MAX_KEY_LENGTH = 100;

/** How the value after a key is delimited. */
enum Shape {
  /** Up to the next blank, comma, quote or bracket. */
  Word = 0,
  /** The rest of the line (YAML at a line start, Cookie, Authorization). */
  Line = 1,
  /** XML element text, up to "<". */
  Xml = 2,
}

/**
 * Redact the value of every secret-keyed assignment: env (`TOKEN=x`,
 * `export PGPASSWORD='x'`, `NAME<TAB>VALUE` tables), JSON (`"api_key": "x"`,
 * escaped `\"token\":\"x\"`), YAML (`password: x`, block scalars), TOML and
 * INI (`password = "x"`), JS/Python/Ruby/PHP/Go dumps (`{ secret: 'x' }`,
 * `:secret=>"x"`, `{Password:x}`), query strings (`?access_token=x&`),
 * headers (`X-Api-Key: x`, cookies one by one), XML elements and attributes
 * (`<password>x</password>`, `<add key="ClearTextPassword" value="x"/>`),
 * CLI flags (`--password x`, `--token=x`) and `.netrc` lines. The key
 * stays; the value goes unless its structure says it is no secret
 * (value-shape.ts), and under a weak key only if it looks random
 * (looks-random.ts). Where a hint has no value assigned, prose that names a
 * secret (`the password is x`, redact-free-text.ts) is looked for instead.
 * Left to right, never revisiting text before the last value.
 */
export function redactKeyed(text: string, counter: RedactionCounter): string {
  const spans = new SpanList();
  const verdicts = new Verdicts();
  let floor = 0;
  // The hints are searched in a lower-cased copy (a case-sensitive search runs
  // about a third faster than /i), which lines up with the text unless some
  // character changes length when lower-cased; then the text is searched as is.
  const lower = text.toLowerCase();
  const [subject, pattern] =
    lower.length === text.length ? [lower, LOWER_HINTS] : [text, SECRET_KEY_HINT_PATTERN];
  pattern.lastIndex = 0;
  for (let hit = pattern.exec(subject); hit !== null; hit = pattern.exec(subject)) {
    // A replacement token's class (`[REDACTED:PASSWORD]`) is no key and no prose.
    const tokenEnd = replacementTokenEnd(text, hit.index);
    if (tokenEnd !== -1) {
      pattern.lastIndex = tokenEnd;
      continue;
    }
    const found = spans.length;
    let next = redactAt(text, hit.index, floor, spans, verdicts);
    // No value assigned here: the hint may start prose that names a secret.
    const prose = spans.length === found ? proseSecretAt(text, hit.index) : undefined;
    if (prose !== undefined) {
      spans.add(prose.start, prose.end, prose.replacement);
      next = Math.max(next, prose.end);
    }
    floor = Math.max(floor, next);
    pattern.lastIndex = Math.max(next, hit.index + 1);
  }
  pattern.lastIndex = 0;
  return spans.apply(text, counter);
}

/**
 * Verdicts worked out once per call: keys repeat within a text (every JSON
 * log line has the same ones, every cookie header the same names), and a
 * verdict costs a dozen regex tests.
 */
class Verdicts {
  private readonly keys = new Map<string, KeyVerdict | undefined>();
  private readonly cookies = new Map<string, KeyVerdict | undefined>();

  /** A keyed value's key; a file name (`token.ts`) is none. */
  ofKey(key: string): KeyVerdict | undefined {
    return remember(this.keys, key, (k) => (CODE_FILE.test(k) ? undefined : keyVerdict(k)));
  }

  readonly ofCookie = (name: string): KeyVerdict | undefined =>
    remember(this.cookies, name, keyVerdict);
}

function remember<T>(cache: Map<string, T>, key: string, compute: (key: string) => T): T {
  if (cache.has(key)) return cache.get(key) as T;
  const value = compute(key);
  cache.set(key, value);
  return value;
}

interface Found {
  key: string;
  keyStart: number;
  value: ValueSpan;
  shape: Shape;
}

/** Handle one hint; returns where scanning may resume. */
function redactAt(
  text: string,
  hit: number,
  floor: number,
  spans: SpanList,
  verdicts: Verdicts,
): number {
  // Token counts (max_tokens, input_tokens) fill LLM tools' logs and name no secret.
  if (isTokensWord(text, hit)) return hit + 6;
  let keyStart = hit;
  while (keyStart > floor && inClass(KEY_CHARS, text.charCodeAt(keyStart - 1))) keyStart -= 1;
  let keyEnd = hit;
  while (keyEnd < text.length && inClass(KEY_CHARS, text.charCodeAt(keyEnd))) keyEnd += 1;
  if (keyEnd - keyStart > MAX_KEY_LENGTH) return keyEnd;
  const before = text.charCodeAt(keyStart - 1);
  // A path segment ("/src/token.ts:12"), not a key.
  if (before === 0x2f || before === 0x5c) return keyEnd;
  const key = text.slice(keyStart, keyEnd);
  const found = findValue(text, key, keyStart, keyEnd);
  if (found === undefined) return keyEnd;
  const verdict = verdicts.ofKey(key);
  if (verdict === undefined) return keyEnd;
  const { value } = found;
  const replacement = verdict.token;
  if (verdict.kind === "COOKIE" && found.shape === Shape.Line) {
    cookieValueSpans(text, value.start, value.end, replacement, verdicts.ofCookie, spans);
    return Math.max(value.end, keyEnd);
  }
  const raw = text.slice(value.start, value.end);
  // An Authorization value an auth stage already took apart (Digest parameters).
  const handled = found.shape === Shape.Line && raw.includes(TOKEN_PREFIX);
  if (value.end > value.start && !handled && !isCleanToken(raw) && isSecretUnder(verdict, raw)) {
    spans.add(value.start, value.end, replacement);
    return Math.max(value.end, keyEnd);
  }
  // Kept: keys inside the value (`key="ClearTextPassword"`) are looked at next.
  return keyEnd;
}

const TOKEN_KIND_CHARS = charClass("A-Z0-9_");

/** The end of the replacement token whose class holds `at`, or -1 when `at` is in none. */
function replacementTokenEnd(text: string, at: number): number {
  let start = at;
  while (start > 0 && at - start < 40 && inClass(TOKEN_KIND_CHARS, text.charCodeAt(start - 1))) {
    start -= 1;
  }
  if (text.charCodeAt(start - 1) !== 0x3a /* : */) return -1;
  const open = start - TOKEN_PREFIX.length;
  if (open < 0 || !text.startsWith(TOKEN_PREFIX, open)) return -1;
  WHOLE_TOKEN_PATTERN.lastIndex = open;
  return WHOLE_TOKEN_PATTERN.test(text) ? WHOLE_TOKEN_PATTERN.lastIndex : -1;
}

/** "tokens" at `hit`, not followed by a letter. */
function isTokensWord(text: string, hit: number): boolean {
  if ((text.charCodeAt(hit) | 0x20) !== 0x74 || (text.charCodeAt(hit + 5) | 0x20) !== 0x73) {
    return false;
  }
  const after = text.charCodeAt(hit + 6) | 0x20;
  return !(after >= 0x61 && after <= 0x7a) && /^token/i.test(text.slice(hit, hit + 5));
}

/**
 * Whether the value is exactly one replacement token (already clean), maybe
 * followed by an escaped line break (a key block replaced inside JSON).
 */
export function isCleanToken(value: string): boolean {
  if (!value.startsWith(TOKEN_PREFIX)) return false;
  WHOLE_TOKEN_PATTERN.lastIndex = 0;
  if (!WHOLE_TOKEN_PATTERN.test(value)) return false;
  return /^(?:\\[rn])*$/.test(value.slice(WHOLE_TOKEN_PATTERN.lastIndex));
}

/** The value assigned to the key at [keyStart, keyEnd), or undefined when nothing is assigned. */
function findValue(text: string, key: string, keyStart: number, keyEnd: number): Found | undefined {
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
  WHOLE_TOKEN_PATTERN.lastIndex = start;
  const from = WHOLE_TOKEN_PATTERN.test(text) ? WHOLE_TOKEN_PATTERN.lastIndex : start;
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
  return { start, end: accessorEnd(text, start, wordValueEnd(text, from)) };
}

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
