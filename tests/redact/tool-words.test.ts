import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineWords, WORD_PATTERN } from "../../redact/line-words.js";

/** What LineWords reads on the line from `from`, as [start, end] pairs. */
function cursorWords(text: string, from: number): Array<[number, number]> {
  const words = new LineWords(text, from);
  const found: Array<[number, number]> = [];
  while (words.next()) found.push([words.start, words.end]);
  return found;
}

/** What WORD_PATTERN finds on the line from `from`, as [start, end] pairs. */
function regexWords(text: string, from: number): Array<[number, number]> {
  let end = text.indexOf("\n", from);
  if (end === -1 || end - from > 4096) end = Math.min(text.length, from + 4096);
  const line = text.slice(from, end);
  return [...line.matchAll(new RegExp(WORD_PATTERN.source, "g"))].map((m) => [
    from + m.index,
    from + m.index + m[0].length,
  ]);
}

describe("tool command lines: the hand-written word reader and WORD_PATTERN agree", () => {
  it.each([
    ["sshpass -p 'a b' ssh host"],
    ['mysql -u root -p"x y" db'],
    ["unzip -P 'unclosed quote and more"],
    ["7z a -pS3cret 'x'y\"z\" \u00a0tail"],
    [`zip -P ${"w".repeat(1500)} end`],
    [`openssl 'x${"q".repeat(600)}' pass:pw`],
  ])("on %j", (text) => {
    expect(cursorWords(text, 0)).toEqual(regexWords(text, 0));
  });

  it("on random command lines", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(..."ab-p'\" \t\n\u00a0x="), maxLength: 200 }),
        fc.nat({ max: 20 }),
        (text, from) => {
          const start = Math.min(from, text.length);
          expect(cursorWords(text, start)).toEqual(regexWords(text, start));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
