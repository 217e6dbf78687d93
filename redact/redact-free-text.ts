import { charClass } from "./char-class.js";
import { looksLikePassword, looksRandom } from "./looks-random.js";
import { redactionToken, TOKEN_PREFIX } from "./redaction-token.js";
import type { RedactionCounter, Span } from "./replace-matches.js";
import { applySpans, execNotAfter } from "./replace-matches.js";
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
  /(password|passwd|passphrase|secret|token|api[ _-]?key|key|pin|otp|credentials?)[ \t]{1,4}(?:(?:is|was|=|:)[ \t]{1,4})?/gi;

/** The word naming the secret starts a word. */
const WORD = charClass("A-Za-z0-9_-");
const KINDS: Record<string, string> = {
  password: "PASSWORD",
  passwd: "PASSWORD",
  passphrase: "PASSWORD",
};
const QUOTES = new Set([0x22, 0x27, 0x60]);

export function redactFreeText(text: string, counter: RedactionCounter): string {
  const spans: Span[] = [];
  FREE_TEXT_PATTERN.lastIndex = 0;
  for (
    let match = execNotAfter(FREE_TEXT_PATTERN, text, WORD);
    match !== null;
    match = execNotAfter(FREE_TEXT_PATTERN, text, WORD)
  ) {
    const word = (match[1] ?? "").toLowerCase();
    const at = FREE_TEXT_PATTERN.lastIndex;
    const quote = text.charCodeAt(at);
    const quoted = QUOTES.has(quote);
    const span = quoted
      ? quotedValue(text, at + 1, quote, false)
      : { start: at, end: accessorEnd(text, at, wordValueEnd(text, at)) };
    const value = text.slice(span.start, span.end);
    if (value.length === 0 || value.startsWith(TOKEN_PREFIX)) continue;
    const weak = word === "key";
    const secret = quoted
      ? !isNotSecret(value, "strong") && (!weak || looksRandom(value))
      : !isNotSecret(value, "strong") &&
        (looksRandom(value) || (!weak && looksLikePassword(value)));
    if (secret) {
      spans.push({ ...span, replacement: redactionToken(KINDS[word] ?? "SECRET") });
      FREE_TEXT_PATTERN.lastIndex = span.end;
    }
  }
  FREE_TEXT_PATTERN.lastIndex = 0;
  return applySpans(text, spans, counter);
}
