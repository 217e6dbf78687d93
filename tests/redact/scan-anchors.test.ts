import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HINT_AT } from "../../redact/key-hints.js";
import { AUTH_SCHEMES } from "../../redact/redact-auth-schemes.js";
import { COMMAND_LITERALS } from "../../redact/redact-protocol-commands.js";
import { WHOLE_TOKEN_PATTERN, wholeTokenEnd } from "../../redact/redaction-token.js";
import { type Anchors, findAnchors, scanTokens } from "../../redact/scan-tokens.js";
import { TOOL_NAMES } from "../../redact/tool-names.js";
import { WORD_TOKEN_RULES } from "../../redact/word-token-rules.js";

/** Pieces random texts are made of: hints, tool names, anchors, token prefixes and bodies, tokens. */
const PIECES = [
  ..."pa ss pw d key Key TOK en sess ion cred api pat h PIN tel Bearer basic NTLM".split(" "),
  ..."sshpass mongosh zip 7za mysqldump redis-cli".split(" "),
  ..."Q~ NRAL -us1 :AA discord .atlasv1. JQQJ9 -0123abcd-89abcdef".split(" "),
  ...["AUTH", "PASS", "LOGIN", "auth", "args: [", "ghp_", "shpat_", "sk-", "secret_", "eyJ"],
  "0123456789abcdef0123456789abcdef0123",
  "Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0UvWxYz",
  "[REDACTED:PASSWORD]",
  "[REDACTED:",
  "]",
  " ",
  "\t",
  "\n",
  "=",
  "x",
  "\u212Aey",
];
const TEXT = fc
  .array(fc.constantFrom(...PIECES), { maxLength: 40 })
  .map((pieces) => pieces.join(""));

/** Where a regex, tried at every position, matches. */
function positionsOf(pattern: RegExp, text: string): number[] {
  const sticky = new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, "")}y`);
  const found: number[] = [];
  for (let at = 0; at < text.length; at += 1) {
    sticky.lastIndex = at;
    if (sticky.test(text)) found.push(at);
  }
  return found;
}

/** Positions inside replacement tokens. */
function insideTokens(text: string): Set<number> {
  const inside = new Set<number>();
  for (let at = 0; at < text.length; at += 1) {
    const end = wholeTokenEnd(text, at);
    for (let k = at; k < end; k += 1) inside.add(k);
  }
  return inside;
}

const list = (positions: { data: Int32Array; length: number }): number[] => [
  ...positions.data.subarray(0, positions.length),
];

const TOOL_NAME = new RegExp(TOOL_NAMES.join("|"));
const SCHEME = new RegExp(AUTH_SCHEMES.join("|"), "i");
const WORD_ANCHOR = new RegExp(WORD_TOKEN_RULES.map((rule) => rule.anchor.source).join("|"));

/** What the scan must have noted in `anchors.text`, by the regex forms. */
function expectAnchorsOf(anchors: Anchors): void {
  const { text } = anchors;
  const inside = insideTokens(text);
  expect(list(anchors.hints)).toEqual(positionsOf(HINT_AT, text).filter((at) => !inside.has(at)));
  const schemes = new Set(list(anchors.schemes));
  for (const at of positionsOf(SCHEME, text)) expect(schemes.has(at) || inside.has(at)).toBe(true);
  const tools = new Set(list(anchors.tools));
  for (const at of positionsOf(TOOL_NAME, text)) expect(tools.has(at)).toBe(true);
  const words = list(anchors.words).filter((_, k) => k % 2 === 0);
  // Anchors inside a replacement token need not be noted ("[REDACTED:NRAL]"
  // is no New Relic key); findAnchors steps over such tokens whole.
  for (const at of positionsOf(WORD_ANCHOR, text)) if (!inside.has(at)) expect(words).toContain(at);
  const present = COMMAND_LITERALS.reduce(
    (bits, literal, k) =>
      new RegExp(`${literal.replace("[", "\\[")}[ \\t]`).test(text) ? bits | (1 << k) : bits,
    0,
  );
  expect(anchors.commands).toBe(present);
}

describe("the token scan's anchors hold every place a later stage looks at", () => {
  it("in the text it scrubbed: every hint outside tokens exactly, every scheme, tool name and word anchor", () => {
    fc.assert(
      fc.property(TEXT, (text) => expectAnchorsOf(scanTokens(text, { count: 0 }))),
      { numRuns: 3000 },
    );
  });

  it("in a text found again after a stage changed it", () => {
    fc.assert(
      fc.property(TEXT, (text) => expectAnchorsOf(findAnchors(text))),
      { numRuns: 3000 },
    );
  });

  it("notes no word anchor inside a replacement token in a text found again", () => {
    const anchors = findAnchors("[REDACTED:NRAL] NRAL");
    expect(list(anchors.words).filter((_, k) => k % 2 === 0)).toEqual([16]);
  });

  it.each([
    [
      "a hint cut short by a token after it",
      "conn" + "fp_Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0UvWxYz",
      [],
    ],
    ["a shorter hint the token leaves whole", `pwdop_v1_${"ab".repeat(40)}`, [0]],
    ["hints inside a replacement token", "[REDACTED:PASSWORD] token", [20]],
    ["the Kelvin sign, which is no k", "\u212Aey=1 key=2", [6]],
  ])("notes %s as the regex form does", (_name, text, hints) => {
    const anchors = scanTokens(text, { count: 0 });
    expect(list(anchors.hints)).toEqual(hints);
    expectAnchorsOf(anchors);
  });
});

describe("replacement tokens read by hand", () => {
  it("end where WHOLE_TOKEN_PATTERN does", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(..."[REDACTED:AZ09_]x"), maxLength: 60 }),
        fc.nat({ max: 60 }),
        (text, from) => {
          const at = Math.min(from, text.length);
          WHOLE_TOKEN_PATTERN.lastIndex = at;
          const end = WHOLE_TOKEN_PATTERN.test(text) ? WHOLE_TOKEN_PATTERN.lastIndex : -1;
          expect(wholeTokenEnd(text, at)).toBe(end);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
