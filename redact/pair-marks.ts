import { fixedLead } from "./anchor-lead.js";
import { KEY_HINTS } from "./key-hints.js";
import { AUTH_SCHEMES } from "./redact-auth-schemes.js";
import { COMMAND_LITERALS } from "./redact-protocol-commands.js";
import { TOKEN_RULES, type TokenRule } from "./token-rules.js";
import { TOOL_NAMES } from "./tool-names.js";
import { WORD_TOKEN_RULES } from "./word-token-rules.js";

// Which character pairs lead the token scan somewhere (pair-table.ts): every
// provider prefix, key hint and auth scheme (in any letter case), tool name,
// word-token anchor, protocol command and "[R" (a replacement token). Worked
// out at build time: `npm run generate` writes the result to
// generated/pair-marks.ts, and a test fails when that file is not what this
// gives. Entries are numbered in the order pairs are first marked.

/** The pair table's data, entry 0 unused (PAIR_ENTRY's "nothing"). */
export type PairMarks = {
  /** How many provider prefixes there are. */
  ruleCount: number;
  /** Each entry's pair key. */
  entryKeys: number[];
  /** Each entry's allowed third characters: four 32-bit words per entry. */
  thirdSets: number[];
  /** Per entry, a bit for each word-token rule whose anchor may start with its pair. */
  entryWords: number[];
  /**
   * What starts with each entry's pair, as `kind * MEMBER_KINDS + index`
   * (kind from MEMBER_KIND; a provider prefix by its place among all of them): entry
   * e's are members[memberStart[e]] up to members[memberStart[e + 1]].
   * Gathering them at run time passed over every list for each pair a
   * crash's text holds (0.1 ms each).
   */
  members: number[];
  memberStart: number[];
};

/** The lists an entry gathers, in the order the scan keeps them. */
export const MEMBER_KIND = { prefix: 0, hint: 1, scheme: 2, tool: 3, command: 4 } as const;
/** Spacing of the kinds in a member's number: more than any list holds. */
export const MEMBER_KINDS = 4096;

const pairKey = (first: number, second: number): number => (first << 7) | second;
const keyOf = (text: string): number => pairKey(text.charCodeAt(0), text.charCodeAt(1));
/** "[R": where a replacement token may start ("[REDACTED:"). */
export const TOKEN_START = keyOf("[R");

/** Any character may follow: the pair alone is something. */
const ANY = -1;

/** A literal's third character, or ANY when it has two. */
const thirdOf = (literal: string): number => (literal.length > 2 ? literal.charCodeAt(2) : ANY);
/** The other letter case of a lower-case letter. */
const upper = (code: number): number => code & ~0x20;

export function computePairMarks(): PairMarks {
  const entryOf = new Map<number, number>();
  const entryKeys = [0];
  const thirdSets = [0, 0, 0, 0];
  const entryWords = [0];
  const entryMembers: number[][] = [[]];
  const addMember = (entry: number, kind: number, index: number): void => {
    const list = entryMembers[entry] as number[];
    if (index >= MEMBER_KINDS) throw new Error(`pair-marks: a list longer than ${MEMBER_KINDS}`);
    const member = kind * MEMBER_KINDS + index;
    if (!list.includes(member)) list.push(member);
  };

  const allowThird = (entry: number, code: number): void => {
    const at = entry * 4;
    if (code === ANY) thirdSets.fill(-1, at, at + 4);
    else thirdSets[at + (code >> 5)] = (thirdSets[at + (code >> 5)] as number) | (1 << (code & 31));
  };

  /** Notes that something starts with the pair, followed by `third` (and `otherThird`) or ANY; its entry. */
  const markPair = (first: number, second: number, third: number, otherThird = third): number => {
    const key = pairKey(first, second);
    let entry = entryOf.get(key);
    if (entry === undefined) {
      entry = entryKeys.length;
      if (entry > 255) throw new Error("pair-marks: more than 255 pairs");
      entryOf.set(key, entry);
      entryKeys.push(key);
      thirdSets.push(0, 0, 0, 0);
      entryWords.push(0);
      entryMembers.push([]);
    }
    allowThird(entry, third);
    if (otherThird !== third) allowThird(entry, otherThird);
    return entry;
  };

  /** Marks the four pairs a lower-case word of letters starts with in any letter case. */
  const markFolded = (word: string, kind: number, index: number): void => {
    const first = word.charCodeAt(0);
    const second = word.charCodeAt(1);
    const third = thirdOf(word);
    const otherThird = third === ANY ? ANY : upper(third);
    for (const [a, b] of [
      [first, second],
      [first, upper(second)],
      [upper(first), second],
      [upper(first), upper(second)],
    ] as const) {
      addMember(markPair(a, b, third, otherThird), kind, index);
    }
  };

  let ruleCount = 0;
  for (const rule of TOKEN_RULES as readonly TokenRule[]) {
    for (const prefix of rule.prefixes) {
      const entry = markPair(prefix.charCodeAt(0), prefix.charCodeAt(1), thirdOf(prefix));
      addMember(entry, MEMBER_KIND.prefix, ruleCount);
      ruleCount += 1;
    }
  }
  KEY_HINTS.forEach((hint, index) => {
    markFolded(hint, MEMBER_KIND.hint, index);
  });
  AUTH_SCHEMES.forEach((scheme, index) => {
    markFolded(scheme, MEMBER_KIND.scheme, index);
  });
  TOOL_NAMES.forEach((name, index) => {
    const entry = markPair(name.charCodeAt(0), name.charCodeAt(1), thirdOf(name));
    addMember(entry, MEMBER_KIND.tool, index);
  });
  if (WORD_TOKEN_RULES.length > 31) throw new Error("pair-marks: more than 31 word-token rules");
  WORD_TOKEN_RULES.forEach((rule, w) => {
    const [firsts, seconds, thirds] = fixedLead(rule.anchor.source, 3);
    if (firsts === undefined || seconds === undefined) {
      throw new Error(`pair-marks: anchor ${rule.anchor.source} starts with no fixed pair`);
    }
    for (const a of firsts) {
      for (const b of seconds) {
        const entry = markPair(a, b, thirds === undefined ? ANY : (thirds[0] as number));
        for (const code of thirds ?? []) allowThird(entry, code);
        entryWords[entry] = (entryWords[entry] as number) | (1 << w);
      }
    }
  });
  COMMAND_LITERALS.forEach((literal, index) => {
    const entry = markPair(literal.charCodeAt(0), literal.charCodeAt(1), thirdOf(literal));
    addMember(entry, MEMBER_KIND.command, index);
  });
  markPair(TOKEN_START >> 7, TOKEN_START & 0x7f, 0x45 /* E */);
  const members = entryMembers.flat();
  const memberStart = [0];
  for (const list of entryMembers) memberStart.push((memberStart.at(-1) as number) + list.length);
  return { ruleCount, entryKeys, thirdSets, entryWords, members, memberStart };
}
