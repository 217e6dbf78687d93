import { charClass, inClass } from "./char-class.js";
import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter, Span } from "./replace-matches.js";
import { applySpans } from "./replace-matches.js";

/**
 * The domain part of an address, matched from the "@": labels of letters,
 * digits and hyphens, and an alphabetic top-level label, so `pkg@1.2.3`
 * (npm specs) and `fn@file.js:1:2`-style frames with numeric parts survive.
 * Starts only at "@"; every repetition is bounded.
 */
export const EMAIL_DOMAIN_PATTERN = /@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;

/** RFC 5322 dot-atom characters commonly seen in local parts. */
const LOCAL_CHARS = charClass("A-Za-z0-9._%+-");
const REPLACEMENT = redactionToken("EMAIL");
const MAX_LOCAL = 64;

/**
 * Redact e-mail addresses. The local part is found by walking back from the
 * "@" (at most 64 characters, never past the previous address), so there is
 * no leading character class for a regex engine to retry at every position.
 */
export function redactEmails(text: string, counter: RedactionCounter): string {
  if (!text.includes("@")) return text;
  const spans: Span[] = [];
  let floor = 0;
  EMAIL_DOMAIN_PATTERN.lastIndex = 0;
  let match = EMAIL_DOMAIN_PATTERN.exec(text);
  while (match !== null) {
    const at = match.index;
    let start = at;
    const limit = Math.max(floor, at - MAX_LOCAL);
    while (start > limit && inClass(LOCAL_CHARS, text.charCodeAt(start - 1))) start -= 1;
    // A local part cannot start or end with a dot.
    while (start < at && text.charCodeAt(start) === 0x2e) start += 1;
    const end = at + match[0].length;
    if (start < at && text.charCodeAt(at - 1) !== 0x2e) {
      spans.push({ start, end, replacement: REPLACEMENT });
      floor = end;
    }
    match = EMAIL_DOMAIN_PATTERN.exec(text);
  }
  EMAIL_DOMAIN_PATTERN.lastIndex = 0;
  return applySpans(text, spans, counter);
}
