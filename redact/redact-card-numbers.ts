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

/**
 * The card number inside a candidate run, as [start, end) offsets, or
 * undefined. A run can carry neighbouring digits ("1 4111 1111 1111 1111 0"),
 * so every window of 13-19 digits is tried, longest first.
 */
function findCard(candidate: string): [number, number] | undefined {
  const positions: number[] = [];
  for (let i = 0; i < candidate.length; i += 1) {
    const c = candidate.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) positions.push(i);
  }
  for (let length = Math.min(19, positions.length); length >= 13; length -= 1) {
    for (let first = 0; first + length <= positions.length; first += 1) {
      const start = positions[first] ?? 0;
      const end = (positions[first + length - 1] ?? 0) + 1;
      if (isCardNumber(candidate.slice(start, end))) return [start, end];
    }
  }
  return undefined;
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
    (match) => {
      const found = findCard(match[0]);
      if (found === undefined) return undefined;
      return match[0].slice(0, found[0]) + REPLACEMENT + match[0].slice(found[1]);
    },
    counter,
  );
}
