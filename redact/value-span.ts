import { charClass, inClass } from "./char-class.js";
import { escapedLetterLength } from "./escaped-letter.js";

/** Where a keyed value sits in the text: [start, end). */
export interface ValueSpan {
  start: number;
  end: number;
}

/** Characters that end an unquoted value in word mode. */
const VALUE_END = charClass(" \t\r\n,;&)]}\"'<>`\\\\");

export function isValueEnd(code: number): boolean {
  return inClass(VALUE_END, code);
}

export function skipBlanks(text: string, p: number): number {
  let i = p;
  while (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09) i += 1;
  return i;
}

function isLineEnd(code: number): boolean {
  return code === 0x0a || code === 0x0d;
}

/** End of the line holding p, trailing blanks dropped. */
export function lineValueEnd(text: string, p: number): number {
  let end = p;
  while (end < text.length && !isLineEnd(text.charCodeAt(end))) end += 1;
  while (end > p && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09))
    end -= 1;
  return end;
}

/** End of an unquoted word value starting at p. */
export function wordValueEnd(text: string, p: number): number {
  let end = p;
  while (end < text.length) {
    // An escape of a letter outside ASCII is part of the word (`p\u00e4ss`, `p&#228;ss`).
    const escaped = escapedLetterLength(text, end);
    if (escaped > 0) end += escaped;
    else if (!isValueEnd(text.charCodeAt(end))) end += 1;
    else break;
  }
  return end;
}

/**
 * A quoted value: up to the closing quote that is not escaped, never past the
 * line. An unclosed quote takes the rest of the line (fail closed).
 * With `escaped` (JSON inside a JSON string) the closing quote is `\"`.
 */
export function quotedValue(
  text: string,
  start: number,
  quote: number,
  escaped: boolean,
): ValueSpan {
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isLineEnd(c)) break;
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

/** An XML element's text: up to the next "<". */
export function xmlTextValue(text: string, p: number): ValueSpan {
  let end = p;
  while (end < text.length && text.charCodeAt(end) !== 0x3c) end += 1;
  return { start: p, end };
}

/** Columns between the start of the key's line and the key (at most 256 looked at). */
export function lineIndent(text: string, keyStart: number): number {
  let i = keyStart;
  while (i > 0 && keyStart - i < 256 && !isLineEnd(text.charCodeAt(i - 1))) i -= 1;
  return keyStart - i;
}

/** Whether only blanks and list dashes stand between the start of the line and `at` (bounded walk). */
export function startsLine(text: string, at: number): boolean {
  let i = at - 1;
  const limit = Math.max(-1, at - 256);
  while (i > limit) {
    const c = text.charCodeAt(i);
    if (isLineEnd(c)) return true;
    if (c !== 0x20 && c !== 0x09 && c !== 0x2d /* - */) return false;
    i -= 1;
  }
  return i === -1;
}

export const BLOCK_SCALAR = /^[|>][+-]?[1-9]?$/;

/**
 * End of a YAML block scalar's content: the lines after `from` (a line end)
 * indented deeper than the key, blank lines included. Reads forward only.
 */
export function blockScalarEnd(text: string, from: number, keyIndent: number): number {
  let end = from;
  let pos = from;
  while (pos < text.length) {
    if (text.charCodeAt(pos) === 0x0d) pos += 1;
    if (text.charCodeAt(pos) === 0x0a) pos += 1;
    let indent = 0;
    while (text.charCodeAt(pos + indent) === 0x20) indent += 1;
    let lineEnd = pos + indent;
    while (lineEnd < text.length && !isLineEnd(text.charCodeAt(lineEnd))) lineEnd += 1;
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
 * A word that stops at a quote inside brackets is an environment lookup
 * (`os.environ["X"]`, `ENV['X']`, `os.getenv("X")`): take it to the closing
 * bracket so it is read whole (value-shape.ts lets it stay).
 */
export function accessorEnd(text: string, start: number, end: number): number {
  const open = text.charCodeAt(end - 1);
  const quote = text.charCodeAt(end);
  if (end === start || (open !== 0x5b && open !== 0x28) || (quote !== 0x22 && quote !== 0x27)) {
    return end;
  }
  const close = text.indexOf(String.fromCharCode(quote), end + 1);
  const bracket = text.charCodeAt(close + 1);
  if (close === -1 || close - end > 120 || (bracket !== 0x5d && bracket !== 0x29)) return end;
  return close + 2;
}
