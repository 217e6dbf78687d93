import { charClass, inClass } from "./char-class.js";

const HEX = charClass("0-9A-Fa-f");

/**
 * Whether `text` holds at `at` JSON's escape of a character outside ASCII
 * (`\u00fc`, as Python's `json.dumps` writes every such character): part
 * of a word, where a backslash otherwise ends one.
 */
export function escapedLetterAt(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== 0x5c || text.charCodeAt(at + 1) !== 0x75) return false;
  for (let digit = at + 2; digit < at + 6; digit += 1) {
    if (!inClass(HEX, text.charCodeAt(digit))) return false;
  }
  return Number.parseInt(text.slice(at + 2, at + 6), 16) >= 0x80;
}

/** The length of such an escape. */
export const ESCAPE_LENGTH = 6;
