/**
 * An ASCII character set as a lookup table, built from regex class syntax
 * ("A-Za-z0-9_-"). Non-ASCII code units are never members: every token class
 * the scanner knows is ASCII, so a non-ASCII character always ends a token.
 */
export type CharClass = Uint8Array;

/** Rules share a handful of alphabets; each table is built once (module load is on the crash path). */
const built = new Map<string, CharClass>();

export function charClass(source: string): CharClass {
  let table = built.get(source);
  if (table === undefined) {
    table = buildClass(source);
    built.set(source, table);
  }
  return table;
}

function buildClass(source: string): CharClass {
  const table = new Uint8Array(128);
  let i = 0;
  while (i < source.length) {
    let first = source.charCodeAt(i);
    if (first === 0x5c /* \ */ && i + 1 < source.length) {
      i += 1;
      first = source.charCodeAt(i);
    }
    const isRange = source[i + 1] === "-" && i + 2 < source.length;
    if (isRange) {
      const last = source.charCodeAt(i + 2);
      for (let c = first; c <= last && c < 128; c += 1) table[c] = 1;
      i += 3;
    } else {
      if (first < 128) table[first] = 1;
      i += 1;
    }
  }
  return table;
}

export function inClass(table: CharClass, code: number): boolean {
  return code < 128 && table[code] === 1;
}

/** Letters and digits: the characters that make a prefix part of a longer word. */
export const ALNUM = charClass("A-Za-z0-9");

/** A regex word character (`\w` without the u flag): letter, digit or `_`. */
export function isWordCode(code: number): boolean {
  return inClass(ALNUM, code) || code === 0x5f;
}

/**
 * True when a token may start at `index`: at the start, after a non-alphanumeric
 * character, after a JSON/shell escape such as `\n`, or after a percent-escape
 * such as `%3D` (URL-encoded query strings).
 */
export function isBoundary(text: string, index: number): boolean {
  if (index === 0) return true;
  if (!inClass(ALNUM, text.charCodeAt(index - 1))) return true;
  if (index >= 2 && text.charCodeAt(index - 2) === 0x5c) return true;
  return (
    index >= 3 &&
    text.charCodeAt(index - 3) === 0x25 /* % */ &&
    isHexCode(text.charCodeAt(index - 2)) &&
    isHexCode(text.charCodeAt(index - 1))
  );
}

/**
 * What every match of a stage holds: at least `count` of the characters in
 * `chars` (repeats counted). A text with fewer holds no match, so the stage
 * returns it at once: its patterns are never compiled or run. A crash
 * scrubs a few short names and version strings ("1.4.2", "anon:cli"),
 * where compiling the patterns would be most of the cost.
 */
export type StageGate = { readonly chars: string; readonly count: number };

/** Whether `text` holds at least `gate.count` of `gate.chars`. */
export function passesGate(text: string, gate: StageGate): boolean {
  let found = 0;
  // indexOf runs natively; by index, because a for-of loop allocates an
  // iterator result per step until the function is optimized, which a
  // crash's few calls never are.
  for (let i = 0; i < gate.chars.length; i += 1) {
    const char = gate.chars.charAt(i);
    for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) {
      found += 1;
      if (found >= gate.count) return true;
    }
  }
  return false;
}

/**
 * Whether `code` is a character a regex's `\s` matches: ECMA-262's
 * WhiteSpace and LineTerminator (Unicode's Space_Separator, tab, vertical
 * tab, form feed, no-break space, BOM, line ends).
 */
export function isRegexSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Characters that show nothing or only a blank: the soft hyphen, the
 * combining grapheme joiner, zero-width spaces and joiners, direction and
 * isolate marks, variation selectors, the byte order mark, Hangul and
 * Mongolian fillers, Khmer's inherent vowels, the Braille blank, and tag
 * characters (as their UTF-16 halves). One inside a token
 * (`gh\u200bp_...`) hides it from the rules, and folding would turn it
 * into `_`, leaving the token's body in the field.
 */
const INVISIBLE: readonly (readonly [number, number])[] = [
  [0xad, 0xad],
  [0x34f, 0x34f],
  [0x61c, 0x61c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x2800, 0x2800],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
];

function isInvisible(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  // Tags, U+E0000 to U+E007F: the high half 0xDB40, a low half up to 0xDC7F.
  if (code === 0xdb40) return (text.charCodeAt(at + 1) & 0xff80) === 0xdc00;
  if (code >= 0xdc00 && code <= 0xdc7f) return text.charCodeAt(at - 1) === 0xdb40;
  return isInvisibleCodePoint(code);
}

/** Whether a code point (not a UTF-16 half) is one of the characters above. */
export function isInvisibleCodePoint(code: number): boolean {
  if (code >= 0xe0000 && code <= 0xe007f) return true;
  return INVISIBLE.some(([low, high]) => code >= low && code <= high);
}

/** `text` without its invisible characters; `text` itself when it has none. */
export function withoutInvisible(text: string): string {
  let out: string | undefined;
  for (let i = 0; i < text.length; i += 1) {
    if (isInvisible(text, i)) out ??= text.slice(0, i);
    else if (out !== undefined) out += text[i];
  }
  return out ?? text;
}

export const DIGITS = "0123456789";

export function isDigitCode(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Whether `text` is one or more ASCII digits. */
export function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i += 1) if (!isDigitCode(text.charCodeAt(i))) return false;
  return true;
}

/**
 * `text` with every UTF-16 unit outside `allowed` turned into "_", cut at
 * `max`: `text.replace(/[^...]/g, "_")` without a regex to compile.
 */
export function foldToClass(text: string, allowed: CharClass, max: number): string {
  let out = "";
  const end = Math.min(text.length, max);
  for (let i = 0; i < end; i += 1) {
    out += inClass(allowed, text.charCodeAt(i)) ? text.charAt(i) : "_";
  }
  return out;
}

/** Whether `text` holds a character that ends a line for a regex's `.` (\n, \r, U+2028, U+2029). */
export function hasLineTerminator(text: string): boolean {
  return (
    text.includes("\n") || text.includes("\r") || text.includes("\u2028") || text.includes("\u2029")
  );
}

/** Whether `code` is an ASCII letter. */
export function isLetterCode(code: number): boolean {
  const small = code | 0x20;
  return small >= 0x61 && small <= 0x7a;
}

export function isHexCode(code: number): boolean {
  return isDigitCode(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}
