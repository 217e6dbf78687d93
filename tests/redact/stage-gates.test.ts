// A personal-data stage returns its text untouched, without compiling or
// running its patterns, when the text lacks every character the stage's
// matches must hold (redact/char-class.ts, holdsAny). Each claim is held to
// the patterns themselves: every string they match holds one of those
// characters, and a string with them taken out is matched nowhere.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CARD_NEEDS, CARD_START_PATTERN } from "../../redact/redact-card-numbers.js";
import {
  HOME_PATH_NEEDS,
  HOME_PATH_PATTERNS,
  WINDOWS_FOLDER_PATTERN,
} from "../../redact/redact-home-paths.js";
import { IBAN_NEEDS, IBAN_PATTERN } from "../../redact/redact-iban.js";
import {
  IPV4_FINDER_PATTERN,
  IPV4_NEEDS,
  IPV6_FINDER_PATTERN,
  IPV6_NEEDS,
} from "../../redact/redact-ip.js";
import { MAC_FINDER_PATTERN, MAC_NEEDS } from "../../redact/redact-mac-addresses.js";
import { NATIONAL_ID_FINDERS, NATIONAL_ID_NEEDS } from "../../redact/redact-national-ids.js";
import { USERNAME_NEEDS, USERNAME_PATTERN } from "../../redact/redact-usernames.js";
import { redactValue } from "../../redact/scrubber.js";

const GATES: Array<[string, readonly RegExp[], string]> = [
  ["IBAN", [IBAN_PATTERN], IBAN_NEEDS],
  ["national id", NATIONAL_ID_FINDERS, NATIONAL_ID_NEEDS],
  ["card number", [CARD_START_PATTERN], CARD_NEEDS],
  ["MAC address", [MAC_FINDER_PATTERN], MAC_NEEDS],
  ["IPv4", [IPV4_FINDER_PATTERN], IPV4_NEEDS],
  ["IPv6", [IPV6_FINDER_PATTERN], IPV6_NEEDS],
  ["user name", [USERNAME_PATTERN], USERNAME_NEEDS],
  [
    "home path",
    [...HOME_PATH_PATTERNS, WINDOWS_FOLDER_PATTERN, /\/home\//, /\/Users\//],
    HOME_PATH_NEEDS,
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

const without = (text: string, chars: string) =>
  [...text].filter((char) => !chars.includes(char)).join("");

describe.each(GATES)("the %s stage's gate", (_name, patterns, needs) => {
  it("looks for no letter (letter case would matter)", () => {
    expect(needs).not.toMatch(/[A-Za-z]/);
  });

  it.each(patterns.map((pattern) => [pattern.source.slice(0, 60), pattern] as const))(
    "every match of %s holds one of its characters",
    (_source, pattern) => {
      fc.assert(
        fc.property(fc.stringMatching(drawable(pattern)), (match) => {
          expect([...needs].some((char) => match.includes(char))).toBe(true);
        }),
        { numRuns: 300 },
      );
    },
  );

  it("a text without them is matched nowhere, even one built from matches", () => {
    const near = fc.oneof(
      ...patterns.map((pattern) =>
        fc.stringMatching(drawable(pattern)).map((match) => without(match, needs)),
      ),
      fc.string({ unit: "binary-ascii", maxLength: 80 }).map((text) => without(text, needs)),
    );
    fc.assert(
      fc.property(fc.array(near, { maxLength: 4 }), (parts) => {
        const text = parts.join(" ");
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

describe("gated stages", () => {
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
