import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixedLead } from "../../redact/anchor-lead.js";
import { KEY_HINTS } from "../../redact/key-hints.js";
import {
  PAIR_ENTRY,
  type PairEntry,
  pairEntry,
  RULE_COUNT,
  THIRD_SETS,
} from "../../redact/pair-table.js";
import { AUTH_SCHEMES } from "../../redact/redact-auth-schemes.js";
import { COMMAND_LITERALS } from "../../redact/redact-protocol-commands.js";
import { TOKEN_RULES } from "../../redact/token-rules.js";
import { TOOL_NAMES } from "../../redact/tool-names.js";
import { WORD_TOKEN_RULES } from "../../redact/word-token-rules.js";
import { PAIR_MARKS_FILE, renderPairMarks } from "../../scripts/generate-pair-marks.js";
import { ROOT } from "../cli/helpers.js";

// The pair table marks its pairs at load and gathers an entry's lists when
// the scan first meets the pair. Whatever the order entries are gathered
// in, each must hold exactly what the definitions say starts with its pair.

const entryOf = (first: number, second: number): PairEntry | undefined => {
  const entry = PAIR_ENTRY[(first << 7) | second] as number;
  return entry === 0 ? undefined : pairEntry(entry);
};
const entryAt = (text: string): PairEntry | undefined =>
  entryOf(text.charCodeAt(0), text.charCodeAt(1));
const thirdAllowed = (text: string, third: number): boolean => {
  const entry = PAIR_ENTRY[(text.charCodeAt(0) << 7) | text.charCodeAt(1)] as number;
  return ((THIRD_SETS[entry * 4 + (third >> 5)] as number) >>> (third & 31)) % 2 === 1;
};
/** A lower-case word's first two letters in every letter case. */
const foldedPairs = (word: string): string[] =>
  [word[0] ?? "", (word[0] ?? "").toUpperCase()].flatMap((a) =>
    [word[1] ?? "", (word[1] ?? "").toUpperCase()].map((b) => a + b),
  );

describe("the token scan's pair table", () => {
  it(`loads ${PAIR_MARKS_FILE}, which is what the rules give (run \`npm run generate\` after changing one)`, () => {
    expect(readFileSync(join(ROOT, PAIR_MARKS_FILE), "utf8")).toBe(renderPairMarks());
  });

  it("gives each provider prefix to its pair, longest first, each with its own retry slot", () => {
    const indexes = new Set<number>();
    for (const rule of TOKEN_RULES) {
      for (const prefix of rule.prefixes) {
        const entry = entryAt(prefix);
        const compiled = entry?.rules.find((candidate) => candidate.prefix === prefix);
        expect(compiled?.rule).toBe(rule);
        indexes.add(compiled?.index ?? -1);
        if (prefix.length > 2) expect(thirdAllowed(prefix, prefix.charCodeAt(2))).toBe(true);
        const lengths = entry?.rules.map((candidate) => candidate.prefix.length) ?? [];
        expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
      }
    }
    expect(indexes.size).toBe(RULE_COUNT);
    expect(Math.max(...indexes)).toBe(RULE_COUNT - 1);
  });

  it("gives each key hint and auth scheme to its pair in every letter case, and nothing else", () => {
    for (const [words, list] of [
      [KEY_HINTS, "hintTails"],
      [AUTH_SCHEMES, "schemeTails"],
    ] as const) {
      for (const word of words) {
        for (const pair of foldedPairs(word)) {
          expect(entryAt(pair)?.[list]).toContain(word.slice(2));
        }
      }
      for (let key = 0; key < 1 << 14; key += 1) {
        const entry = entryOf(key >> 7, key & 0x7f);
        for (const tail of entry?.[list] ?? []) {
          const pair = String.fromCharCode(key >> 7, key & 0x7f);
          expect(
            words.some((word) => word.slice(2) === tail && foldedPairs(word).includes(pair)),
          ).toBe(true);
        }
      }
    }
  });

  it("gives each tool name, command literal and word anchor to every pair it may start with", () => {
    for (const name of TOOL_NAMES) expect(entryAt(name)?.tools).toContain(name);
    COMMAND_LITERALS.forEach((literal, index) => {
      expect(entryAt(literal)?.commands).toContainEqual({ literal, bit: 1 << index });
    });
    WORD_TOKEN_RULES.forEach((rule, index) => {
      const [firsts = [], seconds = []] = fixedLead(rule.anchor.source, 2);
      for (const a of firsts) {
        for (const b of seconds) {
          const anchor = entryOf(a, b)?.words.find((word) => word.rule === index);
          expect(anchor?.at.source).toBe(new RegExp(rule.anchor.source).source);
        }
      }
    });
    expect(entryAt("[R")?.tokenStart).toBe(true);
  });

  it("reads an anchor that is a plain string as that string, and one with a class as a regex", () => {
    const anchors = new Map<string, string | undefined>();
    for (let key = 0; key < 1 << 14; key += 1) {
      for (const word of entryOf(key >> 7, key & 0x7f)?.words ?? []) {
        anchors.set(word.at.source, word.literal);
      }
    }
    expect(anchors.get("NRAL")).toBe("NRAL");
    expect(anchors.get("\\.atlasv1\\.")).toBe(".atlasv1.");
    expect(anchors.get("-us[0-9]")).toBeUndefined();
  });
});
