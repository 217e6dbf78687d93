// A personal-data stage returns its text untouched, without compiling or
// running its patterns, when the text holds fewer of the characters the
// stage's matches must hold than every match does (redact/char-class.ts,
// passesGate). Each claim is held to the patterns themselves: every string
// they match holds that many of those characters, and a string left with
// fewer is matched nowhere.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StageGate } from "../../redact/char-class.js";
import { CARD_GATE, CARD_START_PATTERN } from "../../redact/redact-card-numbers.js";
import {
  HOME_PATH_GATE,
  HOME_PATH_PATTERNS,
  WINDOWS_FOLDER_PATTERN,
} from "../../redact/redact-home-paths.js";
import { IBAN_GATE, IBAN_PATTERN } from "../../redact/redact-iban.js";
import {
  IPV4_FINDER_PATTERN,
  IPV4_GATE,
  IPV6_FINDER_PATTERN,
  IPV6_GATE,
} from "../../redact/redact-ip.js";
import { MAC_FINDER_PATTERN, MAC_GATE } from "../../redact/redact-mac-addresses.js";
import { NATIONAL_ID_GATE, nationalIdFinders } from "../../redact/redact-national-ids.js";
import { USERNAME_GATE, USERNAME_PATTERN, USERNAME_WORDS } from "../../redact/redact-usernames.js";
import { redactValue } from "../../redact/scrubber.js";

const GATES: Array<[string, readonly RegExp[], StageGate]> = [
  ["IBAN", [IBAN_PATTERN], IBAN_GATE],
  ["national id", nationalIdFinders(), NATIONAL_ID_GATE],
  ["card number", [CARD_START_PATTERN], CARD_GATE],
  ["MAC address", [MAC_FINDER_PATTERN], MAC_GATE],
  ["IPv4", [IPV4_FINDER_PATTERN], IPV4_GATE],
  ["IPv6", [IPV6_FINDER_PATTERN], IPV6_GATE],
  ["user name", [USERNAME_PATTERN], USERNAME_GATE],
  [
    "home path",
    [...HOME_PATH_PATTERNS, WINDOWS_FOLDER_PATTERN, /\/home\//, /\/Users\//],
    HOME_PATH_GATE,
  ],
];

/**
 * The pattern for fast-check to draw from, which knows neither lookarounds,
 * backreferences nor the i flag. Without a lookaround, and with any
 * character for a backreference, it matches more, so what holds for every
 * match of it holds for the pattern. Without the i flag, it matches the
 * pattern's matches in the letter case they are written in: the same up to
 * letter case, which the characters a gate looks for do not have.
 */
function drawable(pattern: RegExp): RegExp {
  let source = pattern.source.replace(/\\[1-9]/g, "[\\s\\S]");
  // Innermost first, until none is left (lookarounds may hold groups).
  for (let before = ""; before !== source; ) {
    before = source;
    source = source.replace(/\(\?<?[=!](?:[^()\\]|\\.)*\)/g, "");
  }
  return new RegExp(`^(?:${source})$`);
}

/** How many of the gate's characters `text` holds. */
const gateCount = (text: string, gate: StageGate) =>
  [...text].filter((char) => gate.chars.includes(char)).length;

/** `text` with the gate's characters past the first `count - 1` taken out: one short of the gate. */
function shortOfGate(text: string, gate: StageGate): string {
  let kept = 0;
  let out = "";
  for (const char of text) {
    if (!gate.chars.includes(char)) out += char;
    else if (kept < gate.count - 1) {
      out += char;
      kept += 1;
    }
  }
  return out;
}

describe.each(GATES)("the %s stage's gate", (_name, patterns, gate) => {
  it("looks for no letter where a pattern ignores letter case", () => {
    if (patterns.some((pattern) => pattern.flags.includes("i"))) {
      expect(gate.chars).not.toMatch(/[A-Za-z]/);
    }
    expect(gate.count).toBeGreaterThanOrEqual(1);
  });

  it.each(patterns.map((pattern) => [pattern.source.slice(0, 60), pattern] as const))(
    "every match of %s holds as many of its characters",
    (_source, pattern) => {
      fc.assert(
        fc.property(fc.stringMatching(drawable(pattern)), (match) => {
          expect(gateCount(match, gate)).toBeGreaterThanOrEqual(gate.count);
        }),
        { numRuns: 300 },
      );
    },
  );

  it("a text one short of them is matched nowhere, even one built from matches", () => {
    const near = fc.oneof(
      ...patterns.map((pattern) => fc.stringMatching(drawable(pattern))),
      fc.string({ unit: "binary-ascii", maxLength: 80 }),
    );
    fc.assert(
      fc.property(fc.array(near, { maxLength: 4 }), (parts) => {
        const text = shortOfGate(parts.join(" "), gate);
        for (const pattern of patterns) {
          expect(new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, "")).test(text)).toBe(
            false,
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("the user name stage's words", () => {
  it("are in every match of its pattern", () => {
    fc.assert(
      fc.property(fc.stringMatching(drawable(USERNAME_PATTERN)), (match) => {
        expect(
          USERNAME_WORDS.some((word) => match.includes(word)),
          match,
        ).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("keep a text without them from the pattern, which would match nothing there", () => {
    const text = "USE_R=alice LOG_NAME=bob User_Name: carol <Use rName>dave";
    expect(USERNAME_WORDS.some((word) => text.includes(word))).toBe(false);
    expect(new RegExp(USERNAME_PATTERN.source).test(text)).toBe(false);
    expect(redactValue("USER=alice and UserName: carol")).not.toContain("alice");
  });
});

describe("gated stages", () => {
  it("pass over a crash's version strings and file-qualified names", () => {
    const passing = (text: string) =>
      GATES.filter(([, , gate]) => gateCount(text, gate) >= gate.count).map(([name]) => name);
    // Two dots may be a MAC address's (0a1b.2c3d.4e5f); nothing else passes.
    for (const version of ["1.4.2", "20.19.0", "3.0.0-beta"]) {
      expect(passing(version)).toEqual(["MAC address"]);
    }
    expect(passing("anon:cli")).toEqual(["user name"]);
  });

  it("still redact what they are for", () => {
    const text =
      "card 4111 1111 1111 1111, iban DE89370400440532013000, mac 00:1a:2b:3c:4d:5e, ip 10.1.2.3 and fe80::1ff:fe23:4567:890a, USER=ada, C:\\Users\\Ada\\x, /home/ada/y";
    const out = redactValue(text);
    for (const gone of [
      "4111",
      "DE89",
      "00:1a",
      "10.1.2.3",
      "fe80::",
      "USER=ada",
      "\\Ada",
      "/ada",
    ]) {
      expect(out).not.toContain(gone);
    }
  });
});
