import { charClass, inClass } from "./char-class.js";
import { looksLikePassword, looksRandom } from "./looks-random.js";
import { redactionToken, TOKEN_PREFIX } from "./redaction-token.js";
import type { Span } from "./replace-matches.js";
import { isNotSecret } from "./value-shape.js";
import { accessorEnd, quotedValue, wordValueEnd } from "./value-span.js";

/**
 * Prose that says what a value is: `with password "x"`, `passphrase 'x'`,
 * `the secret is x`, `your password is x,`, `Using API key x`. A quoted
 * value goes unless its structure says it is no secret; an unquoted one
 * only when it reads as a password (a letter and a digit or symbol) or looks
 * random, so "the password is incorrect" stays.
 */
export const FREE_TEXT_PATTERN =
  /(password|passwd|passphrase|secret|token|api[ _-]?key|key|pin|otp|credentials?)[ \t]{1,4}(?:(?:is|was|=|:)[ \t]{1,4})?/iy;

/** The word naming the secret starts a word. */
const WORD = charClass("A-Za-z0-9_-");
const KINDS: Record<string, string> = {
  password: "PASSWORD",
  passwd: "PASSWORD",
  passphrase: "PASSWORD",
};
const QUOTES = new Set([0x22, 0x27, 0x60]);

/**
 * The value a prose phrase starting at `at` names, as a span to replace, or
 * undefined. Every word the phrase starts with begins with a secret-key hint,
 * so the keyed stage calls this at its hints (redact-keyed.ts) where it found
 * no assigned value, and the text is searched once for both.
 */
export function proseSecretAt(text: string, at: number): Span | undefined {
  if (at > 0 && inClass(WORD, text.charCodeAt(at - 1))) return undefined;
  FREE_TEXT_PATTERN.lastIndex = at;
  const match = FREE_TEXT_PATTERN.exec(text);
  if (match === null) return undefined;
  const word = (match[1] ?? "").toLowerCase();
  const valueAt = FREE_TEXT_PATTERN.lastIndex;
  const quote = text.charCodeAt(valueAt);
  const quoted = QUOTES.has(quote);
  const span = quoted
    ? quotedValue(text, valueAt + 1, quote, false)
    : { start: valueAt, end: accessorEnd(text, valueAt, wordValueEnd(text, valueAt)) };
  const value = text.slice(span.start, span.end);
  if (value.length === 0 || value.startsWith(TOKEN_PREFIX)) return undefined;
  const weak = word === "key";
  const secret = quoted
    ? !isNotSecret(value, "strong") && (!weak || looksRandom(value))
    : !isNotSecret(value, "strong") && (looksRandom(value) || (!weak && looksLikePassword(value)));
  return secret ? { ...span, replacement: redactionToken(KINDS[word] ?? "SECRET") } : undefined;
}
