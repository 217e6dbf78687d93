import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { replaceMatches } from "./replace-matches.js";

/**
 * 13 to 19 digits, optionally grouped by single spaces or hyphens (as cards are
 * printed). Each repetition consumes exactly one digit, so a match is split
 * one way; the lookarounds keep it from starting or ending inside a longer
 * number.
 */
export const CARD_CANDIDATE_PATTERN = /(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])/g;

const REPLACEMENT = redactionToken("CARD_NUMBER");

/**
 * Issuer prefixes (IIN ranges) of the card networks Sentry and PCI DSS
 * scanners look for: Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay,
 * Maestro. Epoch milliseconds (17...) and most ids do not start like this.
 */
const ISSUER = /^(?:4|5[1-5]|2[2-7]|3[47]|6011|64[4-9]|65|3[068]|35|62|5[06-8]|6[37])/;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function isCardNumber(candidate: string): boolean {
  const digits = candidate.replace(/[ -]/g, "");
  if (digits.length < 13 || digits.length > 19) return false;
  // Mixed separators ("1234-5678 9012") are not how a card is written.
  if (candidate.includes(" ") && candidate.includes("-")) return false;
  return ISSUER.test(digits) && luhnValid(digits);
}

export function redactCardNumbers(text: string, counter: RedactionCounter): string {
  return replaceMatches(
    text,
    CARD_CANDIDATE_PATTERN,
    (match) => (isCardNumber(match[0]) ? REPLACEMENT : undefined),
    counter,
  );
}
