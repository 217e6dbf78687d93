import { ALNUM, type CharClass, charClass, inClass } from "./char-class.js";
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
  readonly tokenStart: boolean;
}

const pairKey = (first: number, second: number): number => (first << 7) | second;
const keyOf = (text: string): number => pairKey(text.charCodeAt(0), text.charCodeAt(1));

// The table is built on every crash, before a report can be written, and
// most of it is never read for a crash's few short identifiers. So the load
// only marks which pairs lead to something (PAIR_ENTRY, THIRD_SETS), with
// plain loops that allocate next to nothing; an entry's lists are gathered
// the first time the scan meets its pair (pairEntry).

/** 1 + the index of what starts with an ASCII pair (see pairEntry), 0 for nothing (one byte per pair). */
export const PAIR_ENTRY = new Uint8Array(1 << 14);
/**
 * Per entry (by PAIR_ENTRY's value), the third characters anything it leads
 * to allows: a 128-bit set in four words, all bits where something is the
 * pair itself. Most pairs in ordinary text ("se", "do", "sh") go no further.
 * THIRD_SETS[entry * 4 + (code >> 5)] holds bit (code & 31) when `code` may
 * follow the entry's pair.
 */
export const THIRD_SETS = new Int32Array(256 * 4);
/** Each entry's pair, by entry. */
const ENTRY_KEYS = new Uint16Array(256);
/** Per entry, a bit for each word-token rule whose anchor may start with its pair. */
const ENTRY_WORDS = new Int32Array(256);
let entryCount = 0;

/** Any character may follow: the pair alone is something. */
const ANY = -1;

function allowThird(entry: number, code: number): void {
  const at = entry * 4;
  if (code === ANY) THIRD_SETS.fill(-1, at, at + 4);
  else THIRD_SETS[at + (code >> 5)] = (THIRD_SETS[at + (code >> 5)] as number) | (1 << (code & 31));
}

/** Notes that something starts with the pair, followed by `third` (and `otherThird`) or ANY; its entry. */
function markPair(first: number, second: number, third: number, otherThird = third): number {
  const key = pairKey(first, second);
  if (PAIR_ENTRY[key] === 0) {
    if (entryCount === 255) throw new Error("pair-table: more than 255 pairs");
    entryCount += 1;
    PAIR_ENTRY[key] = entryCount;
    ENTRY_KEYS[entryCount] = key;
  }
  const entry = PAIR_ENTRY[key] as number;
  allowThird(entry, third);
  if (otherThird !== third) allowThird(entry, otherThird);
  return entry;
}

/** A literal's third character, or ANY when it has two. */
const thirdOf = (literal: string): number => (literal.length > 2 ? literal.charCodeAt(2) : ANY);
/** The other letter case of a lower-case letter. */
const upper = (code: number): number => code & ~0x20;

/** Marks the four pairs a lower-case word of letters starts with in any letter case. */
function markFolded(word: string): void {
  const first = word.charCodeAt(0);
  const second = word.charCodeAt(1);
  const third = thirdOf(word);
  const otherThird = third === ANY ? ANY : upper(third);
  markPair(first, second, third, otherThird);
  markPair(first, upper(second), third, otherThird);
  markPair(upper(first), second, third, otherThird);
  markPair(upper(first), upper(second), third, otherThird);
}

/** Whether a lower-case word starts, in some letter case, with the pair `key`. */
function foldedStartsWith(word: string, key: number): boolean {
  const first = key >> 7;
  const second = key & 0x7f;
  const a = word.charCodeAt(0);
  const b = word.charCodeAt(1);
  return (first === a || first === upper(a)) && (second === b || second === upper(b));
}

let ruleCount = 0;
for (let r = 0; r < TOKEN_RULES.length; r += 1) {
  const prefixes = (TOKEN_RULES[r] as TokenRule).prefixes;
  for (let p = 0; p < prefixes.length; p += 1) {
    const prefix = prefixes[p] as string;
    markPair(prefix.charCodeAt(0), prefix.charCodeAt(1), thirdOf(prefix));
    ruleCount += 1;
  }
}
/** How many provider prefixes there are: the length of the scan's `retryFrom`. */
export const RULE_COUNT = ruleCount;

for (let h = 0; h < KEY_HINTS.length; h += 1) markFolded(KEY_HINTS[h] as string);
for (let a = 0; a < AUTH_SCHEMES.length; a += 1) markFolded(AUTH_SCHEMES[a] as string);
for (let t = 0; t < TOOL_NAMES.length; t += 1) {
  const name = TOOL_NAMES[t] as string;
  markPair(name.charCodeAt(0), name.charCodeAt(1), thirdOf(name));
}
if (WORD_TOKEN_RULES.length > 31) throw new Error("pair-table: more than 31 word-token rules");
for (let w = 0; w < WORD_TOKEN_RULES.length; w += 1) {
  const source = (WORD_TOKEN_RULES[w] as (typeof WORD_TOKEN_RULES)[number]).anchor.source;
  const [firsts, seconds, thirds] = fixedLead(source, 3);
  if (firsts === undefined || seconds === undefined) {
    throw new Error(`pair-table: anchor ${source} starts with no fixed pair`);
  }
  // Index loops: for-of would allocate an iterator result per step, and a
  // class of letters makes thousands of pairs.
  for (let i = 0; i < firsts.length; i += 1) {
    for (let j = 0; j < seconds.length; j += 1) {
      const entry = markPair(
        firsts[i] as number,
        seconds[j] as number,
        thirds === undefined ? ANY : (thirds[0] as number),
      );
      for (let k = 0; k < (thirds?.length ?? 0); k += 1) allowThird(entry, thirds?.[k] as number);
      ENTRY_WORDS[entry] = (ENTRY_WORDS[entry] as number) | (1 << w);
    }
  }
}
for (let c = 0; c < COMMAND_LITERALS.length; c += 1) {
  const literal = COMMAND_LITERALS[c] as string;
  markPair(literal.charCodeAt(0), literal.charCodeAt(1), thirdOf(literal));
}
const TOKEN_START = pairKey(0x5b /* [ */, 0x52 /* R */);
markPair(0x5b, 0x52, 0x45 /* E */);

/** Entries gathered so far, by entry. */
const ENTRIES: Array<PairEntry | undefined> = [];
/** Word anchors made so far, by rule: an anchor may start with several pairs. */
const WORD_ANCHORS: Array<WordAnchor | undefined> = [];

/** What starts with the pair of entry `entry` (a PAIR_ENTRY value), gathered on first use. */
export function pairEntry(entry: number): PairEntry {
  let found = ENTRIES[entry];
  if (found === undefined) {
    found = gatherEntry(ENTRY_KEYS[entry] as number, ENTRY_WORDS[entry] as number);
    ENTRIES[entry] = found;
  }
  return found;
}

/** The tail after the pair of each lower-case word that starts with it in some letter case. */
function foldedTails(words: readonly string[], key: number): string[] {
  const tails: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as string;
    if (foldedStartsWith(word, key)) tails.push(word.slice(2));
  }
  return tails;
}

// Index loops, not for-of: this runs cold, on a crash, where each step of an
// array iterator is one more object for the young generation.
function gatherEntry(key: number, wordBits: number): PairEntry {
  const rules: CompiledRule[] = [];
  let index = 0;
  for (let r = 0; r < TOKEN_RULES.length; r += 1) {
    const rule = TOKEN_RULES[r] as TokenRule;
    for (let p = 0; p < rule.prefixes.length; p += 1) {
      const prefix = rule.prefixes[p] as string;
      if (keyOf(prefix) === key) {
        rules.push({
          index,
          third: prefix.length > 2 ? prefix.charCodeAt(2) : -1,
          fourth: prefix.length > 3 ? prefix.charCodeAt(3) : -1,
          rule,
          prefix,
          body: charClass(rule.body),
          replacement: redactionToken(rule.kind),
        });
      }
      index += 1;
    }
  }
  // Stable sort: rule order breaks ties.
  if (rules.length > 1) rules.sort((a, b) => b.prefix.length - a.prefix.length);
  const words: WordAnchor[] = [];
  for (let w = 0; w < WORD_TOKEN_RULES.length; w += 1) {
    if ((wordBits & (1 << w)) !== 0) words.push(wordAnchor(w));
  }
  const commands: Array<{ literal: string; bit: number }> = [];
  for (let c = 0; c < COMMAND_LITERALS.length; c += 1) {
    const literal = COMMAND_LITERALS[c] as string;
    if (keyOf(literal) === key) commands.push({ literal, bit: 1 << c });
  }
  const tools: string[] = [];
  for (let t = 0; t < TOOL_NAMES.length; t += 1) {
    if (keyOf(TOOL_NAMES[t] as string) === key) tools.push(TOOL_NAMES[t] as string);
  }
  return {
    rules,
    hintTails: foldedTails(KEY_HINTS, key),
    schemeTails: foldedTails(AUTH_SCHEMES, key),
    tools,
    words,
    commands,
    tokenStart: key === TOKEN_START,
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

/**
 * The characters each of the first `count` positions of an anchor's
 * source can hold, as far as they are fixed (fewer when the source ends or
 * something optional or repeated comes first). Anchors are literals
 * (maybe escaped) and bracket classes, each once or a fixed number of
 * times (`{8}`): all this reads. Read by character, without regexes: it
 * runs as the scrubber loads, on every crash, where each regex is compiled
 * (and compiled again once it runs twice).
 */
export function fixedLead(source: string, count: number): number[][] {
  const sets: number[][] = [];
  let at = 0;
  while (sets.length < count && at < source.length && !"(|?*+{".includes(source.charAt(at))) {
    const [codes, after] = atom(source, at);
    const repeat = repeatAt(source, after);
    if (repeat === undefined) break;
    for (let k = 0; k < repeat.times; k += 1) sets.push(codes);
    at = repeat.end;
  }
  return sets.slice(0, count);
}

/** How often the atom before `at` repeats: once, `{n}` times, or undefined for any other quantifier. */
function repeatAt(source: string, at: number): { times: number; end: number } | undefined {
  const next = source.charAt(at);
  if (next !== "{") return "?*+".includes(next) && next !== "" ? undefined : { times: 1, end: at };
  let end = at + 1;
  while (end < source.length && isDigitCode(source.charCodeAt(end))) end += 1;
  if (end === at + 1 || source.charAt(end) !== "}") return undefined;
  return { times: Number(source.slice(at + 1, end)), end: end + 1 };
}

function isDigitCode(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** The characters the atom at `at` matches, and where it ends. */
function atom(source: string, at: number): [number[], number] {
  if (source.charAt(at) === "[") {
    const close = source.indexOf("]", at + 1);
    const members = charClass(source.slice(at + 1, close));
    const codes: number[] = [];
    for (let code = 0; code < members.length; code += 1) if (members[code] === 1) codes.push(code);
    return [codes, close + 1];
  }
  if (source.charAt(at) === "\\") return [[source.charCodeAt(at + 1)], at + 2];
  return [[source.charCodeAt(at)], at + 1];
}
