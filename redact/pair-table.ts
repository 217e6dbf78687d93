import { fixedLead } from "./anchor-lead.js";
import { ALNUM, type CharClass, charClass, inClass } from "./char-class.js";
import { PAIR_MARKS } from "./generated/pair-marks.js";
import { KEY_HINTS } from "./key-hints.js";
import { once } from "./once.js";
import { MEMBER_KIND, MEMBER_KINDS, TOKEN_START } from "./pair-marks.js";
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
  readonly tokenStart: boolean;
}

// The table is read on every crash, before a report can be written. Which
// pairs lead to something (PAIR_ENTRY, THIRD_SETS) is fixed by the rules, so
// it is worked out at build time (pair-marks.ts, `npm run generate`) and
// loaded here as data, with each entry's members; an entry's lists are made
// from them the first time the scan meets its pair (pairEntry). Marking at
// load ran a thousand small calls in the interpreter on every crash (0.5 ms).

const {
  entryKeys: ENTRY_KEYS,
  entryWords: ENTRY_WORDS,
  members: MEMBERS,
  memberStart: MEMBER_START,
} = PAIR_MARKS;

/** 1 + the index of what starts with an ASCII pair (see pairEntry), 0 for nothing (one byte per pair). */
export const PAIR_ENTRY = new Uint8Array(1 << 14);
for (let entry = 1; entry < ENTRY_KEYS.length; entry += 1) {
  PAIR_ENTRY[ENTRY_KEYS[entry] as number] = entry;
}
/**
 * Per entry (by PAIR_ENTRY's value), the third characters anything it leads
 * to allows: a 128-bit set in four words, all bits where something is the
 * pair itself. Most pairs in ordinary text ("se", "do", "sh") go no further.
 * THIRD_SETS[entry * 4 + (code >> 5)] holds bit (code & 31) when `code` may
 * follow the entry's pair.
 */
export const THIRD_SETS = new Int32Array(PAIR_MARKS.thirdSets);
/** How many provider prefixes there are: the length of the scan's `retryFrom`. */
export const RULE_COUNT = PAIR_MARKS.ruleCount;

/** Entries gathered so far, by entry. */
const ENTRIES: Array<PairEntry | undefined> = [];
/** Word anchors made so far, by rule: an anchor may start with several pairs. */
const WORD_ANCHORS: Array<WordAnchor | undefined> = [];

/** What starts with the pair of entry `entry` (a PAIR_ENTRY value), gathered on first use. */
export function pairEntry(entry: number): PairEntry {
  let found = ENTRIES[entry];
  if (found === undefined) {
    found = gatherEntry(entry);
    ENTRIES[entry] = found;
  }
  return found;
}

/** Every provider prefix and its rule, in the order the members count them. */
const prefixes = once(() => {
  const all: Array<{ rule: TokenRule; prefix: string }> = [];
  for (let r = 0; r < TOKEN_RULES.length; r += 1) {
    const rule = TOKEN_RULES[r] as TokenRule;
    for (let p = 0; p < rule.prefixes.length; p += 1)
      all.push({ rule, prefix: rule.prefixes[p] as string });
  }
  return all;
});

// Index loops, not for-of: this runs cold, on a crash, where each step of an
// array iterator is one more object for the young generation.
function gatherEntry(entry: number): PairEntry {
  const rules: CompiledRule[] = [];
  const hintTails: string[] = [];
  const schemeTails: string[] = [];
  const tools: string[] = [];
  const commands: Array<{ literal: string; bit: number }> = [];
  const end = MEMBER_START[entry + 1] as number;
  for (let m = MEMBER_START[entry] as number; m < end; m += 1) {
    const member = MEMBERS[m] as number;
    const index = member % MEMBER_KINDS;
    switch ((member - index) / MEMBER_KINDS) {
      case MEMBER_KIND.prefix: {
        const { rule, prefix } = prefixes()[index] as { rule: TokenRule; prefix: string };
        rules.push({
          index,
          third: prefix.length > 2 ? prefix.charCodeAt(2) : -1,
          fourth: prefix.length > 3 ? prefix.charCodeAt(3) : -1,
          rule,
          prefix,
          body: charClass(rule.body),
          replacement: redactionToken(rule.kind),
        });
        break;
      }
      case MEMBER_KIND.hint:
        hintTails.push((KEY_HINTS[index] as string).slice(2));
        break;
      case MEMBER_KIND.scheme:
        schemeTails.push((AUTH_SCHEMES[index] as string).slice(2));
        break;
      case MEMBER_KIND.tool:
        tools.push(TOOL_NAMES[index] as string);
        break;
      default:
        commands.push({ literal: COMMAND_LITERALS[index] as string, bit: 1 << index });
    }
  }
  // Stable sort: rule order breaks ties.
  if (rules.length > 1) rules.sort((a, b) => b.prefix.length - a.prefix.length);
  const words: WordAnchor[] = [];
  const wordBits = ENTRY_WORDS[entry] as number;
  for (let w = 0; w < WORD_TOKEN_RULES.length; w += 1) {
    if ((wordBits & (1 << w)) !== 0) words.push(wordAnchor(w));
  }
  return {
    rules,
    hintTails,
    schemeTails,
    tools,
    words,
    commands,
    tokenStart: ENTRY_KEYS[entry] === TOKEN_START,
  };
}

function wordAnchor(rule: number): WordAnchor {
  let anchor = WORD_ANCHORS[rule];
  if (anchor === undefined) {
    const source = (WORD_TOKEN_RULES[rule] as (typeof WORD_TOKEN_RULES)[number]).anchor.source;
    const lead = fixedLead(source, 12);
    // The first single character past the third, checked before the anchor's regex.
    const guardAt = lead.findIndex((codes, k) => k > 2 && codes.length === 1);
    anchor = {
      rule,
      literal: literalOf(source),
      at: new RegExp(source, "y"),
      guardAt,
      guard: guardAt === -1 ? -1 : (lead[guardAt]?.[0] ?? -1),
    };
    WORD_ANCHORS[rule] = anchor;
  }
  return anchor;
}

/** Regex syntax outside an escape: a source holding one is no literal. */
const REGEX_SYNTAX = "^$.*+?()[]{}|";

/**
 * The anchor as the plain string it matches when it is one: no regex syntax
 * but escaped punctuation ("\\-us"). Read by hand: a regex compiled per
 * anchor to tell cost more than the anchor saves on a crash.
 */
function literalOf(source: string): string | undefined {
  let literal = "";
  for (let i = 0; i < source.length; i += 1) {
    let char = source.charAt(i);
    if (char === "\\") {
      i += 1;
      char = source.charAt(i);
      if (char === "" || inClass(ALNUM, char.charCodeAt(0))) return undefined;
    } else if (REGEX_SYNTAX.includes(char)) {
      return undefined;
    }
    literal += char;
  }
  return literal;
}
