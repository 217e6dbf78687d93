import { ALNUM, charClass, inClass } from "./char-class.js";
import { escapedLetterEndsAt, escapedLetterLength } from "./escaped-letter.js";

/** The replacement text for one redacted span: it names the class, never the value. */
export function redactionToken(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/** Prefix shared by every replacement token; a value that starts with it is already clean. */
export const TOKEN_PREFIX = "[REDACTED:";

/** A complete replacement token: the regex form of what wholeTokenEnd reads. */
export const WHOLE_TOKEN_PATTERN = /\[REDACTED:[A-Z0-9_]{1,40}\]/y;

const KIND_CHARS = charClass("A-Z0-9_");

/**
 * The end of the replacement token starting at `at`, or -1 when none does.
 * Read by hand: a text can hold one every twenty characters.
 */
export function wholeTokenEnd(text: string, at: number): number {
  if (!text.startsWith(TOKEN_PREFIX, at)) return -1;
  const start = at + TOKEN_PREFIX.length;
  const limit = Math.min(text.length, start + 40);
  let end = start;
  while (end < limit && inClass(KIND_CHARS, text.charCodeAt(end))) end += 1;
  return end > start && text.charCodeAt(end) === 0x5d /* ] */ ? end + 1 : -1;
}

/**
 * Whether the value is exactly one replacement token (already clean), maybe
 * followed by an escaped line break (a key block replaced inside JSON).
 */
export function isCleanToken(value: string): boolean {
  const end = wholeTokenEnd(value, 0);
  return end !== -1 && /^(?:\\[rn])*$/.test(value.slice(end));
}

/**
 * Whether a replacement token in `text` touches a letter or digit (any
 * character outside ASCII may be one): a name glued to a word was replaced
 * there, and what stands beside it now starts or ends a word.
 */
export function tokenBesideWord(text: string): boolean {
  const besideWord = (at: number) => {
    const code = text.charCodeAt(at);
    return code >= 0x80 || inClass(ALNUM, code);
  };
  for (let at = text.indexOf(TOKEN_PREFIX); at !== -1; at = text.indexOf(TOKEN_PREFIX, at + 1)) {
    const end = wholeTokenEnd(text, at);
    if (end === -1) continue;
    // An escaped letter is a letter (`m&uuml;ller`, `m\u00fcller`).
    if (besideWord(at - 1) || escapedLetterEndsAt(text, at)) return true;
    if (besideWord(end) || escapedLetterLength(text, end) > 0) return true;
  }
  return false;
}
