import { isDigitCode, isHexCode, isLetterCode } from "./char-class.js";
import { letterReferenceNames } from "./html-letter-names.js";

/** The end of the digits `isDigit` takes from `from`, at most `max` of them. */
function digitsEnd(
  text: string,
  from: number,
  isDigit: (code: number) => boolean,
  max: number,
): number {
  let end = from;
  while (end - from < max && isDigit(text.charCodeAt(end))) end += 1;
  return end;
}

/** The longest name HTML gives a letter outside ASCII (`Lmidot`). */
const MAX_LETTER_NAME = 6;

/** The length of HTML's named reference of a letter at `at` (`&uuml;`), 0 where none. */
function namedLetterLength(text: string, at: number): number {
  let end = at + 1;
  while (end - at <= MAX_LETTER_NAME && isLetterCode(text.charCodeAt(end))) end += 1;
  if (end === at + 1 || text.charCodeAt(end) !== 0x3b) return 0;
  return letterReferenceNames().has(text.slice(at + 1, end)) ? end + 1 - at : 0;
}

/**
 * The length of an escape at `at` of a character outside ASCII, 0 where
 * none starts there: JSON's `\u00fc` (as Python's `json.dumps` writes every
 * such character) or HTML's `&#252;`, `&#xfc;` and `&uuml;`. Such an escape
 * is part of a word, where a backslash or an ampersand otherwise ends one.
 * An escape of an ASCII character (`\u000a`, `&#38;`, `&amp;`) is not: it
 * may stand for a line break or a separator.
 */
export function escapedLetterLength(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code === 0x5c) {
    if (text.charCodeAt(at + 1) !== 0x75 || digitsEnd(text, at + 2, isHexCode, 4) !== at + 6)
      return 0;
    return Number.parseInt(text.slice(at + 2, at + 6), 16) >= 0x80 ? 6 : 0;
  }
  if (code !== 0x26) return 0;
  if (text.charCodeAt(at + 1) !== 0x23) return namedLetterLength(text, at);
  const hex = (text.charCodeAt(at + 2) | 0x20) === 0x78;
  const from = at + (hex ? 3 : 2);
  const end = digitsEnd(text, from, hex ? isHexCode : isDigitCode, 7);
  if (end === from || text.charCodeAt(end) !== 0x3b) return 0;
  return Number.parseInt(text.slice(from, end), hex ? 16 : 10) >= 0x80 ? end + 1 - at : 0;
}

/** The longest HTML reference `escapedLetterLength` takes: `&#x` or `&#`, seven digits, `;`. */
const MAX_REFERENCE = 11;

/**
 * Whether an HTML reference of a letter ends just before `end` (`m&uuml;`):
 * a JSON escape ends with a hex digit, which is a letter or digit already.
 */
export function escapedLetterEndsAt(text: string, end: number): boolean {
  if (text.charCodeAt(end - 1) !== 0x3b /* ; */) return false;
  for (let start = end - 3; start >= Math.max(0, end - MAX_REFERENCE); start -= 1) {
    if (text.charCodeAt(start) === 0x26 /* & */) {
      return escapedLetterLength(text, start) === end - start;
    }
  }
  return false;
}
