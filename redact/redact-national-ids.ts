import {
  ALNUM,
  type CharClass,
  charClass,
  DIGITS,
  inClass,
  passesGate,
  type StageGate,
} from "./char-class.js";
import { luhnValid } from "./luhn.js";
import { once } from "./once.js";
import { redactionToken } from "./redaction-token.js";
import { type RedactionCounter, SpanWriter } from "./replace-matches.js";

/**
 * National identity numbers whose format or check digit validates them, so
 * look-alikes (phone numbers, dates, order numbers) mostly fail. Each is a
 * fixed-width pattern bounded by characters that cannot continue it.
 */
export interface NationalIdRule {
  readonly id: string;
  readonly kind: string;
  /** The id's whole shape, sticky. */
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
  // The pattern fixes the layout: ddd-dd-dddd.
  const area = text.slice(0, 3);
  return (
    area !== "000" &&
    area !== "666" &&
    area[0] !== "9" &&
    text.slice(4, 6) !== "00" &&
    text.slice(7, 11) !== "0000"
  );
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

/**
 * The rules: each id's whole pattern is `lead` + `tail`, found by one
 * finder (below) and confirmed by the whole pattern.
 */
interface IdRuleSource extends Omit<NationalIdRule, "pattern"> {
  readonly lead: string;
  readonly tail: string;
}

const SOURCES: readonly IdRuleSource[] = [
  {
    id: "us-ssn",
    kind: "SSN",
    lead: "[0-9]{3}",
    tail: "-[0-9]{2}-[0-9]{4}(?![0-9A-Za-z-])",
    notAfter: ID_GLUE,
    valid: ssnValid,
  },
  {
    // Canada SIN: 9 digits in groups of three, Luhn-valid, not starting 0 or 8.
    id: "canada-sin",
    kind: "NATIONAL_ID",
    lead: "[1-79][0-9]{2}",
    // The one capture group of this rule, of its whole pattern and of the finder: `\\1`.
    tail: "([ -])[0-9]{3}\\1[0-9]{3}(?![0-9A-Za-z-])",
    notAfter: ID_GLUE,
    valid: (text) => luhnValid(digitsOf(text)),
  },
  {
    id: "brazil-cpf",
    kind: "NATIONAL_ID",
    lead: "[0-9]{3}",
    tail: "\\.[0-9]{3}\\.[0-9]{3}-[0-9]{2}(?![0-9])",
    notAfter: charClass("0-9."),
    valid: cpfValid,
  },
  {
    id: "spain-dni",
    kind: "NATIONAL_ID",
    lead: "[0-9XYZ][0-9]{2}",
    tail: "[0-9]{5}-?[A-HJ-NP-TV-Z](?![A-Za-z0-9])",
    notAfter: ALNUM,
    // The lead allows a NIE letter; a DNI is eight digits, a NIE X/Y/Z and seven.
    valid: dniValid,
  },
  {
    id: "uk-nino",
    kind: "NATIONAL_ID",
    lead: "[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]",
    tail: " ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?![A-Za-z0-9])",
    notAfter: ALNUM,
    valid: ninoValid,
  },
];

/** Rules that share `lead` (the union of their own leads), their tails the alternatives after it. */
function led(lead: string, rules: readonly IdRuleSource[]): string {
  return `${lead}(?:${rules.map((rule) => `(?:${rule.tail})`).join("|")})`;
}

/**
 * The compiled rules, built on first use (a text with six digits).
 *
 * - `rules`: each rule's whole pattern, sticky: what a finder's hit must also match.
 * - `finders`: where an id may be. The digit-led ones share a lead, so a run
 *   of digits is tried once, not once per rule; the UK's letter-led one is
 *   looked for in a pass of its own (one alternation of both costs more
 *   than the two passes, since every position is then tried both ways). No
 *   named groups: they cost an object per match.
 */
const compiled = once(() => {
  const rules: readonly NationalIdRule[] = SOURCES.map(({ lead, tail, ...rule }) => ({
    ...rule,
    pattern: new RegExp(lead + tail, "y"),
  }));
  const nino = SOURCES.filter((rule) => rule.id === "uk-nino");
  const digitLed = SOURCES.filter((rule) => rule.id !== "uk-nino");
  const finders: readonly RegExp[] = [
    new RegExp(led("[0-9XYZ][0-9]{2}", digitLed), "g"),
    new RegExp(led(nino[0]?.lead ?? "", nino), "g"),
  ];
  return { rules, finders, replacements: rules.map((rule) => redactionToken(rule.kind)) };
});

export const nationalIdRules = (): readonly NationalIdRule[] => compiled().rules;
export const nationalIdFinders = (): readonly RegExp[] => compiled().finders;

/**
 * The replacement for a finder's hit: the rule whose whole pattern spans
 * it (at most one can: they differ in their separators or length), if
 * what stands before it and its check let it. Undefined otherwise.
 */
function replacementFor(text: string, start: number, id: string): string | undefined {
  const { rules, replacements } = compiled();
  for (let index = 0; index < rules.length; index += 1) {
    const rule = rules[index] as NationalIdRule;
    rule.pattern.lastIndex = start;
    if (!rule.pattern.test(text) || rule.pattern.lastIndex !== start + id.length) continue;
    const glued =
      start > 0 &&
      rule.notAfter !== undefined &&
      inClass(rule.notAfter, text.charCodeAt(start - 1));
    return !glued && rule.valid(id) ? replacements[index] : undefined;
  }
  return undefined;
}

/** Every finder's match holds six digits (a UK NINO's; the others hold more). */
export const NATIONAL_ID_GATE: StageGate = { chars: DIGITS, count: 6 };

/**
 * A hit no rule takes is passed over by one character only, as each rule
 * alone would; the ids are at most 14 characters, so each character is read
 * a bounded number of times. The two finders' ids cannot overlap (one is
 * led by two letters, the other's letters end it), so each writes its own.
 */
export function redactNationalIds(text: string, counter: RedactionCounter): string {
  if (!passesGate(text, NATIONAL_ID_GATE)) return text;
  let out = text;
  for (const finder of nationalIdFinders()) {
    const writer = new SpanWriter(out, counter);
    finder.lastIndex = 0;
    for (let m = finder.exec(out); m !== null; m = finder.exec(out)) {
      const replacement = replacementFor(out, m.index, m[0]);
      if (replacement === undefined) finder.lastIndex = m.index + 1;
      else writer.add(m.index, m.index + m[0].length, replacement);
    }
    finder.lastIndex = 0;
    out = writer.finish();
  }
  return out;
}
