import { type CharClass, charClass } from "./char-class.js";
import { KEY_HINTS } from "./key-hints.js";
import { AUTH_SCHEMES } from "./redact-auth-schemes.js";
import { COMMAND_LITERALS } from "./redact-protocol-commands.js";
import { redactionToken } from "./redaction-token.js";
import { TOKEN_RULES, type TokenRule } from "./token-rules.js";
import { TOOL_NAMES } from "./tool-names.js";
import { WORD_TOKEN_RULES } from "./word-token-rules.js";

/** A provider token prefix, ready for the scan. */
export interface CompiledRule {
  /** Position in the scan's per-call `retryFrom`. */
  index: number;
  /** Third and fourth prefix characters (-1 past its end), compared before startsWith. */
  third: number;
  fourth: number;
  rule: TokenRule;
  prefix: string;
  body: CharClass;
  replacement: string;
}

/**
 * A word-token rule's anchor that starts with a pair: the rule's index and
 * the anchor, as a literal when it is one, else a sticky regex.
 */
export interface WordAnchor {
  rule: number;
  literal: string | undefined;
  at: RegExp;
  /** A character the anchor holds at a fixed offset (-1 for none), compared before `at` runs. */
  guardAt: number;
  guard: number;
}

/**
 * Everything the token scan looks for that starts with one pair of
 * characters: the pair is read once per position, and what it leads to is
 * checked only where it occurs.
 */
export interface PairEntry {
  /** Provider prefixes, longest first (sk-proj- before sk-). */
  readonly rules: CompiledRule[];

  /** The rest of each key hint that starts with the pair, in any letter case ("ss" and "t" for "pa"). */
  readonly hintTails: string[];
  /** The rest of each HTTP auth scheme that starts with the pair, in any letter case. */
  readonly schemeTails: string[];
  /** Tool names that start with the pair. */
  readonly tools: string[];
  /** Word-token anchors that may start with the pair. */
  readonly words: WordAnchor[];
  /** Protocol-command literals that start with the pair, and their bits in the scan's `commands`. */
  readonly commands: Array<{ literal: string; bit: number }>;
  /** "[R": a replacement token may start here. */
  tokenStart: boolean;
}

const pairKey = (first: number, second: number): number => (first << 7) | second;

/** 1 + the index in ENTRIES of what starts with an ASCII pair, 0 for nothing (one byte per pair). */
export const PAIR_ENTRY = new Uint8Array(1 << 14);
export const ENTRIES: PairEntry[] = [];
/**
 * Per entry (by PAIR_ENTRY's value), the third characters anything it leads
 * to allows: a 128-bit set in four words, all bits where something is the
 * pair itself. Most pairs in ordinary text ("se", "do", "sh") go no further.
 */
const thirdSets: number[] = [0, 0, 0, 0];

function allowThird(entry: number, codes: readonly number[] | "any"): void {
  const at = entry * 4;
  if (codes === "any") {
    thirdSets.fill(-1, at, at + 4);
    return;
  }
  for (const code of codes) {
    thirdSets[at + (code >> 5)] = (thirdSets[at + (code >> 5)] as number) | (1 << (code & 31));
  }
}

/** The entry of what starts with the pair, made on first use; `third` is what may follow. */
function entryFor(first: number, second: number, third: readonly number[] | "any"): PairEntry {
  const key = pairKey(first, second);
  if (PAIR_ENTRY[key] === 0) {
    if (ENTRIES.length === 255) throw new Error("pair-table: more than 255 pairs");
    PAIR_ENTRY[key] = ENTRIES.push({
      rules: [],
      hintTails: [],
      schemeTails: [],
      tools: [],
      words: [],
      commands: [],
      tokenStart: false,
    });
    thirdSets.push(0, 0, 0, 0);
  }
  const index = PAIR_ENTRY[key] as number;
  allowThird(index, third);
  return ENTRIES[index - 1] as PairEntry;
}

/** A literal's third character, or "any" when it has two. */
const thirdOf = (literal: string): readonly number[] | "any" =>
  literal.length > 2 ? [literal.charCodeAt(2)] : "any";

let ruleCount = 0;
for (const rule of TOKEN_RULES) {
  const body = charClass(rule.body);
  const replacement = redactionToken(rule.kind);
  for (const prefix of rule.prefixes) {
    const entry = entryFor(prefix.charCodeAt(0), prefix.charCodeAt(1), thirdOf(prefix));
    const third = prefix.length > 2 ? prefix.charCodeAt(2) : -1;
    const fourth = prefix.length > 3 ? prefix.charCodeAt(3) : -1;
    entry.rules.push({ index: ruleCount, third, fourth, rule, prefix, body, replacement });
    ruleCount += 1;
  }
}
/** How many provider prefixes there are: the length of the scan's `retryFrom`. */
export const RULE_COUNT = ruleCount;
// Stable sort: rule order breaks ties.
for (const entry of ENTRIES) entry.rules.sort((a, b) => b.prefix.length - a.prefix.length);

/** A lower-case letter in both cases. */
const cases = (code: number): number[] => [code, code & ~0x20];
/** Each entry a lower-case word of letters starts with in any letter case, and the word's tail. */
function foldedEntries(word: string): Array<[PairEntry, string]> {
  const third = word.length > 2 ? cases(word.charCodeAt(2)) : "any";
  return cases(word.charCodeAt(0)).flatMap((a) =>
    cases(word.charCodeAt(1)).map((b): [PairEntry, string] => [
      entryFor(a, b, third),
      word.slice(2),
    ]),
  );
}
for (const hint of KEY_HINTS) {
  for (const [entry, tail] of foldedEntries(hint)) entry.hintTails.push(tail);
}
for (const scheme of AUTH_SCHEMES) {
  for (const [entry, tail] of foldedEntries(scheme)) entry.schemeTails.push(tail);
}

for (const name of TOOL_NAMES) {
  entryFor(name.charCodeAt(0), name.charCodeAt(1), thirdOf(name)).tools.push(name);
}

WORD_TOKEN_RULES.forEach((rule, index) => {
  const lead = fixedLead(rule.anchor.source, 12);
  const [firsts, seconds, thirds] = lead;
  if (firsts === undefined || seconds === undefined) {
    throw new Error(`pair-table: anchor ${rule.anchor.source} starts with no fixed pair`);
  }
  // The first single character past the third, checked before the anchor's regex.
  const guardAt = lead.findIndex((codes, k) => k > 2 && codes.length === 1);
  const literal = lead.every((codes) => codes.length === 1)
    ? String.fromCharCode(...lead.map((codes) => codes[0] as number))
    : undefined;
  const anchor: WordAnchor = {
    rule: index,
    literal:
      literal !== undefined && new RegExp(`^(?:${rule.anchor.source})$`).test(literal)
        ? literal
        : undefined,
    at: new RegExp(rule.anchor.source, "y"),
    guardAt,
    guard: guardAt === -1 ? -1 : (lead[guardAt]?.[0] ?? -1),
  };
  for (const a of firsts) {
    for (const b of seconds) entryFor(a, b, thirds ?? "any").words.push(anchor);
  }
});

COMMAND_LITERALS.forEach((literal, index) => {
  const entry = entryFor(literal.charCodeAt(0), literal.charCodeAt(1), thirdOf(literal));
  entry.commands.push({ literal, bit: 1 << index });
});

entryFor(0x5b /* [ */, 0x52 /* R */, [0x45 /* E */]).tokenStart = true;

/** THIRD_SETS[entry * 4 + (code >> 5)] holds bit (code & 31) when `code` may follow the entry's pair. */
export const THIRD_SETS = Int32Array.from(thirdSets);

/**
 * The characters each of the first `count` positions of an anchor's
 * source can hold, as far as they are fixed (fewer when the source ends or
 * something optional or repeated comes first). Anchors are literals
 * (maybe escaped) and bracket classes, each once or a fixed number of
 * times (`{8}`): all this reads.
 */
export function fixedLead(source: string, count: number): number[][] {
  const sets: number[][] = [];
  let rest = source;
  while (sets.length < count && rest !== "" && !/^[(|?*+{]/.test(rest)) {
    const [codes, after] = atom(rest);
    const repeat = /^\{(\d+)\}/.exec(after);
    if (repeat === null && /^[?*+{]/.test(after)) break;
    for (let k = 0; k < (repeat === null ? 1 : Number(repeat[1])); k += 1) sets.push(codes);
    rest = repeat === null ? after : after.slice(repeat[0].length);
  }
  return sets.slice(0, count);
}

/** The characters the first atom of `source` matches, and the source after it. */
function atom(source: string): [number[], string] {
  if (source.startsWith("[")) {
    const close = source.indexOf("]", 1);
    const members = charClass(source.slice(1, close));
    const codes: number[] = [];
    members.forEach((member, code) => {
      if (member === 1) codes.push(code);
    });
    return [codes, source.slice(close + 1)];
  }
  if (source.startsWith("\\")) return [[source.charCodeAt(1)], source.slice(2)];
  return [[source.charCodeAt(0)], source.slice(1)];
}
