import {
  ALNUM,
  DIGITS,
  inClass,
  isDigitCode,
  isHexCode,
  passesGate,
  type StageGate,
} from "./char-class.js";
import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { SpanWriter } from "./replace-matches.js";

const REPLACEMENT = redactionToken("CARD_NUMBER");

/**
 * Issuer prefixes (IIN ranges) of the card networks Sentry and PCI DSS
 * scanners look for: Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay,
 * Maestro. Epoch milliseconds (17...) and most ids do not start like this.
 */
const ISSUER = /^(?:4|5[1-5]|2[2-7]|3[47]|6011|64[4-9]|65|3[068]|35|62|5[06-8]|6[37])/;

/**
 * The card number inside a candidate run, as [start, end) offsets, or
 * undefined. A run can carry neighbouring numbers ("ref 1 4111 1111 1111 1111"),
 * so it is read as groups split at its separators; a card is a sequence of
 * whole groups of at least 3 digits (cards print as 4-4-4-4, 4-6-5, 4-4-4-4-3)
 * or a single unbroken run of 13-19 digits. Each group starts at most one
 * sequence of at most 19 digits, so the work is linear in the run.
 */
function findCard(text: string, runStart: number, runEnd: number): [number, number] | undefined {
  let groupStart = runStart;
  while (groupStart < runEnd) {
    let groupEnd = groupStart;
    while (groupEnd < runEnd && isDigitCode(text.charCodeAt(groupEnd))) groupEnd += 1;
    const single = groupStart === runStart && groupEnd === runEnd;
    if (single || groupEnd - groupStart >= 3) {
      let digits = 0;
      let end = groupStart;
      // Extend over following groups while they have 3+ digits and the total stays <= 19.
      while (end < runEnd || end === groupStart) {
        let next = end === groupStart ? groupStart : end + 1;
        const from = next;
        while (next < runEnd && isDigitCode(text.charCodeAt(next))) next += 1;
        const size = next - from;
        if (!single && size < 3) break;
        digits += size;
        if (digits > 19) break;
        end = next;
        if (digits >= 13 && isCardNumber(text, groupStart, end)) return [groupStart, end];
        if (end >= runEnd) break;
      }
    }
    groupStart = groupEnd + 1;
  }
  return undefined;
}

/**
 * Whether text[start, end) is a card number: 13-19 digits, one kind of
 * separator, a known issuer prefix, Luhn-valid. Reads the range in place.
 */
function isCardNumber(text: string, start: number, end: number): boolean {
  let digits = 0;
  let prefix = "";
  let sum = 0;
  let separator = 0;
  for (let i = end - 1; i >= start; i -= 1) {
    const code = text.charCodeAt(i);
    if (!isDigitCode(code)) {
      // Mixed separators ("1234-5678 9012") are not how a card is written.
      if (separator !== 0 && separator !== code) return false;
      separator = code;
      continue;
    }
    let d = code - 48;
    if (digits % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    digits += 1;
  }
  if (digits < 13 || digits > 19 || sum % 10 !== 0) return false;
  for (let i = start; i < end && prefix.length < 4; i += 1) {
    if (isDigitCode(text.charCodeAt(i))) prefix += text[i];
  }
  return ISSUER.test(prefix);
}

/**
 * Whether the digits at [start, end) are part of a longer word of hex digits
 * (a hash or an id such as `deadbeef4111111111111111cafe`). Other letters
 * glued on do not hide a card (`4111111111111111x`, `card4111...`).
 */
function insideHexWord(text: string, start: number, end: number): boolean {
  let from = start;
  while (from > 0 && inClass(ALNUM, text.charCodeAt(from - 1))) from -= 1;
  let to = end;
  while (to < text.length && inClass(ALNUM, text.charCodeAt(to))) to += 1;
  if (from === start && to === end) return false;
  for (let i = from; i < to; i += 1) if (!isHexCode(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Thirteen digits with optional single separators, starting with four in a
 * row (every card format opens with a group of four or is unbroken). No
 * lookbehind, so the engine can skip ahead to digits quickly; the run is
 * widened both ways by hand.
 */
export const CARD_START_PATTERN = /\d\d\d\d[ -]?\d(?:[ -]?\d){8}/g;

/** Every CARD_START_PATTERN match holds 13 digits. */
export const CARD_GATE: StageGate = { chars: DIGITS, count: 13 };

/**
 * Redact payment card numbers: find where 13 digits start, widen to the whole
 * run of digits joined by single spaces or hyphens, and look for a card in it.
 * The next search starts after the run, and widening back never passes the
 * previous run, so each character is read a bounded number of times.
 */
export function redactCardNumbers(text: string, counter: RedactionCounter): string {
  if (!passesGate(text, CARD_GATE)) return text;
  const writer = new SpanWriter(text, counter);
  const n = text.length;
  CARD_START_PATTERN.lastIndex = 0;
  let match = CARD_START_PATTERN.exec(text);
  let floor = 0;
  while (match !== null) {
    let start = match.index;
    while (start > floor) {
      const code = text.charCodeAt(start - 1);
      if (isDigitCode(code)) start -= 1;
      else if (
        (code === 0x20 || code === 0x2d) &&
        start - 2 >= floor &&
        isDigitCode(text.charCodeAt(start - 2))
      )
        start -= 1;
      else break;
    }
    let end = match.index + match[0].length;
    while (end < n) {
      const code = text.charCodeAt(end);
      if (isDigitCode(code)) end += 1;
      else if ((code === 0x20 || code === 0x2d) && isDigitCode(text.charCodeAt(end + 1))) end += 1;
      else break;
    }
    const found = findCard(text, start, end);
    if (found !== undefined) {
      const [cardStart, cardEnd] = found;
      if (!insideHexWord(text, cardStart, cardEnd)) writer.add(cardStart, cardEnd, REPLACEMENT);
    }
    floor = end;
    CARD_START_PATTERN.lastIndex = end;
    match = CARD_START_PATTERN.exec(text);
  }
  CARD_START_PATTERN.lastIndex = 0;
  return writer.finish();
}
