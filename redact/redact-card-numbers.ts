import { charClass, inClass } from "./char-class.js";
import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter, Span } from "./replace-matches.js";
import { applySpans } from "./replace-matches.js";

const REPLACEMENT = redactionToken("CARD_NUMBER");
const GLUE = charClass("A-Za-z0-9_");

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

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * The card number inside a candidate run, as [start, end) offsets, or
 * undefined. A run can carry neighbouring numbers ("ref 1 4111 1111 1111 1111"),
 * so it is split at its separators into groups; a card is a sequence of whole
 * groups of at least 3 digits (cards print as 4-4-4-4, 4-6-5, 4-4-4-4-3) or a
 * single unbroken run. Linear in the run: at most 19 digits per start group.
 */
function findCard(run: string): [number, number] | undefined {
  const groups: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i <= run.length; i += 1) {
    if (i === run.length || !isDigit(run.charCodeAt(i))) {
      groups.push([start, i]);
      start = i + 1;
    }
  }
  if (groups.length === 1) return isCardNumber(run) ? [0, run.length] : undefined;
  for (let first = 0; first < groups.length; first += 1) {
    let digits = 0;
    for (let last = first; last < groups.length; last += 1) {
      const [groupStart, groupEnd] = groups[last] ?? [0, 0];
      if (groupEnd - groupStart < 3) break;
      digits += groupEnd - groupStart;
      if (digits > 19) break;
      const from = groups[first]?.[0] ?? 0;
      if (digits >= 13 && isCardNumber(run.slice(from, groupEnd))) return [from, groupEnd];
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

/**
 * Thirteen digits with optional single separators: the least a card has.
 * Found by the regex engine (fast on digit-heavy logs), then widened by hand.
 */
export const CARD_START_PATTERN = /(?<![0-9])[0-9](?:[ -]?[0-9]){12}/g;

/**
 * Redact payment card numbers: find where 13 digits start, widen to the whole
 * run of digits joined by single spaces or hyphens, and look for a card in it.
 * The next search starts after the run, so each character is read twice at most.
 */
export function redactCardNumbers(text: string, counter: RedactionCounter): string {
  const spans: Span[] = [];
  const n = text.length;
  CARD_START_PATTERN.lastIndex = 0;
  let match = CARD_START_PATTERN.exec(text);
  while (match !== null) {
    const start = match.index;
    let end = start + match[0].length;
    while (end < n) {
      const code = text.charCodeAt(end);
      if (isDigit(code)) end += 1;
      else if ((code === 0x20 || code === 0x2d) && isDigit(text.charCodeAt(end + 1))) end += 1;
      else break;
    }
    const found = findCard(text.slice(start, end));
    if (found !== undefined) {
      const cardStart = start + found[0];
      const cardEnd = start + found[1];
      // Letters glued on make it part of an identifier or a hex string, not a card.
      const glued =
        inClass(GLUE, text.charCodeAt(cardStart - 1)) || inClass(GLUE, text.charCodeAt(cardEnd));
      if (!glued) spans.push({ start: cardStart, end: cardEnd, replacement: REPLACEMENT });
    }
    CARD_START_PATTERN.lastIndex = end;
    match = CARD_START_PATTERN.exec(text);
  }
  CARD_START_PATTERN.lastIndex = 0;
  return applySpans(text, spans, counter);
}
