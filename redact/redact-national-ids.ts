import { ALNUM, type CharClass, charClass } from "./char-class.js";
import { luhnValid } from "./luhn.js";
import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { replaceMatches } from "./replace-matches.js";

/**
 * National identity numbers whose format or check digit validates them, so
 * look-alikes (phone numbers, dates, order numbers) mostly fail. Each is a
 * fixed-width pattern bounded by characters that cannot continue it.
 */
export interface NationalIdRule {
  readonly id: string;
  readonly kind: string;
  readonly pattern: RegExp;
  /** Characters the id must not follow (a lookbehind V8 would try at every position). */
  readonly notAfter?: CharClass;
  readonly valid: (match: string) => boolean;
}

/** What may not come right before a dashed id: a longer number or word. */
const ID_GLUE = charClass("0-9A-Za-z-");

const digitsOf = (text: string): string => text.replace(/[^0-9]/g, "");

/** US SSN: area 001-899 but not 666, group 01-99, serial 0001-9999 (https://www.ssa.gov/employer/randomization.html). */
function ssnValid(text: string): boolean {
  const [area, group, serial] = text.split(/[- ]/);
  if (area === undefined || group === undefined || serial === undefined) return false;
  return area !== "000" && area !== "666" && area[0] !== "9" && group !== "00" && serial !== "0000";
}

/** UK National Insurance number prefixes never issued (HMRC NIM39110). */
function ninoValid(text: string): boolean {
  const prefix = text.slice(0, 2);
  return !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].includes(prefix);
}

/** Brazil CPF: two mod-11 check digits; all-equal digits are reserved. */
function cpfValid(text: string): boolean {
  const digits = digitsOf(text);
  if (/^(\d)\1{10}$/.test(digits)) return false;
  for (const length of [9, 10]) {
    let sum = 0;
    for (let i = 0; i < length; i += 1) sum += Number(digits[i]) * (length + 1 - i);
    const check = ((sum * 10) % 11) % 10;
    if (check !== Number(digits[length])) return false;
  }
  return true;
}

/** Spain DNI/NIE: the letter is the number mod 23 in a fixed table (X, Y, Z lead NIEs as 0, 1, 2). */
function dniValid(text: string): boolean {
  const body = text
    .slice(0, -1)
    .replace(/^[XYZ]/, (c) => String("XYZ".indexOf(c)))
    .replace("-", "");
  return "TRWAGMYFPDXBNJZSQVHLCKE"[Number(body) % 23] === text.slice(-1);
}

export const NATIONAL_ID_RULES: readonly NationalIdRule[] = [
  {
    id: "us-ssn",
    kind: "SSN",
    pattern: /[0-9]{3}-[0-9]{2}-[0-9]{4}(?![0-9A-Za-z-])/g,
    notAfter: ID_GLUE,
    valid: ssnValid,
  },
  {
    id: "uk-nino",
    kind: "NATIONAL_ID",
    pattern:
      /[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?![A-Za-z0-9])/g,
    notAfter: ALNUM,
    valid: ninoValid,
  },
  {
    // Canada SIN: 9 digits in groups of three, Luhn-valid, not starting 0 or 8.
    id: "canada-sin",
    kind: "NATIONAL_ID",
    pattern: /[1-79][0-9]{2}([ -])[0-9]{3}\1[0-9]{3}(?![0-9A-Za-z-])/g,
    notAfter: ID_GLUE,
    valid: (text) => luhnValid(digitsOf(text)),
  },
  {
    id: "brazil-cpf",
    kind: "NATIONAL_ID",
    pattern: /[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2}(?![0-9])/g,
    notAfter: charClass("0-9."),
    valid: cpfValid,
  },
  {
    id: "spain-dni",
    kind: "NATIONAL_ID",
    pattern: /(?:[0-9]{8}|[XYZ][0-9]{7})-?[A-HJ-NP-TV-Z](?![A-Za-z0-9])/g,
    notAfter: ALNUM,
    valid: dniValid,
  },
];

const REPLACEMENTS = NATIONAL_ID_RULES.map((rule) => redactionToken(rule.kind));

export function redactNationalIds(text: string, counter: RedactionCounter): string {
  let out = text;
  NATIONAL_ID_RULES.forEach((rule, i) => {
    out = replaceMatches(
      out,
      rule.pattern,
      (m) => (rule.valid(m[0]) ? REPLACEMENTS[i] : undefined),
      counter,
      rule.notAfter,
    );
  });
  return out;
}
