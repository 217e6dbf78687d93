import { ALNUM, DIGITS, passesGate, type StageGate } from "./char-class.js";
import { once } from "./once.js";
import { redactionToken } from "./redaction-token.js";
import { execNotAfter, type RedactionCounter, SpanWriter } from "./replace-matches.js";

/**
 * IBAN lengths by country (ISO 13616 registry,
 * https://www.swift.com/standards/data-standards/iban). A candidate must have
 * its country's length and pass the mod-97 check, so a random run of capitals
 * and digits almost never passes. Built on first use: few texts get this far.
 */
// biome-ignore format: a table
const lengths = once((): Readonly<Record<string, number>> => ({
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15,
  PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19,
  SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
}));

/**
 * Country, two check digits, then the BBAN: unspaced, or in the printed
 * groups of four (the last group shorter). Longest candidate 34 characters
 * plus spaces; every repetition is bounded.
 */
export const IBAN_PATTERN =
  /[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)(?![A-Za-z0-9])/g;

const REPLACEMENT = redactionToken("IBAN");

/** ISO 7064 mod 97-10 over the rearranged IBAN, letters as 10-35, digit by digit. */
export function ibanValid(compact: string): boolean {
  const country = compact.slice(0, 2);
  if (lengths()[country] !== compact.length) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i += 1) {
    const code = rearranged.charCodeAt(i);
    const value = code >= 0x41 ? code - 55 : code - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/**
 * The IBAN at the start of a candidate: as many letters and digits as its
 * country's length asks for (spaces skipped), ending where a group ends, so
 * a capitalised word after a spaced IBAN is not taken in. -1 for none.
 */
function ibanEnd(candidate: string): number {
  const length = lengths()[candidate.slice(0, 2)];
  if (length === undefined) return -1;
  let compact = "";
  let end = 0;
  while (end < candidate.length && compact.length < length) {
    if (candidate[end] !== " ") compact += candidate[end];
    end += 1;
  }
  if (compact.length !== length || /[A-Z0-9]/.test(candidate[end] ?? "")) return -1;
  return ibanValid(compact) ? end : -1;
}

/**
 * Every IBAN_PATTERN match holds twelve capital letters and digits (country,
 * check digits and at least eight more). The pattern has no i flag, so the
 * letters' case is what it matches.
 */
export const IBAN_GATE: StageGate = { chars: `${DIGITS}ABCDEFGHIJKLMNOPQRSTUVWXYZ`, count: 12 };

export function redactIbans(text: string, counter: RedactionCounter): string {
  if (!passesGate(text, IBAN_GATE)) return text;
  const writer = new SpanWriter(text, counter);
  IBAN_PATTERN.lastIndex = 0;
  for (
    let match = execNotAfter(IBAN_PATTERN, text, ALNUM);
    match !== null;
    match = execNotAfter(IBAN_PATTERN, text, ALNUM)
  ) {
    const end = ibanEnd(match[0]);
    if (end !== -1) writer.add(match.index, match.index + end, REPLACEMENT);
  }
  IBAN_PATTERN.lastIndex = 0;
  return writer.finish();
}
