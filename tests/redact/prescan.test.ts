import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { latin1Bytes } from "../../redact/latin1-bytes.js";
import { type Edit, KEY_HINTS, prescan, rebase, Trigger } from "../../redact/prescan.js";
import { IPV6_GATE_PATTERN, mayHoldIPv6 } from "../../redact/redact-ip.js";
import { SECRET_KEY_HINT_PATTERN } from "../../redact/redact-keyed.js";
import { disableStageSkipsForTests, redactValue } from "../../redact/redact-value.js";
import { TOKEN_RULES, tokenRulePattern } from "../../redact/token-rules.js";
import { GOLDEN_VECTORS, SURVIVORS } from "./fixtures/golden-vectors.js";

/**
 * Text built from pieces the scan looks for (hints in mixed case, trigger
 * literals, token prefixes) and pieces that test its byte view: non-ASCII
 * characters whose low byte is an ASCII letter (U+0173 -> "s", U+0170 -> "p"),
 * case-folding traps (Kelvin sign, long s, dotted I) and lone surrogates.
 */
const piece = fc.oneof(
  fc.constantFrom(...KEY_HINTS),
  fc.constantFrom("PASSWORD", "Token", "aPiKeY", "Bearer", "NTLM", "negotiate", "BaSiC"),
  fc.constantFrom(
    "://",
    ":thin:",
    "/api/webhooks/",
    ":AA",
    "Q~",
    "-us",
    ".atlasv1.",
    "-u",
    "machine",
  ),
  fc.constantFrom("sk-", "ghp_", "xoxb-", "AKIA", "eyJ", "NT", "s.", "SK", "MD", "glpat-", "npm_"),
  fc.constantFrom(
    "\u0173k-",
    "\u0170ass",
    "\u212Aey",
    "\u017Fecret",
    "\u0130",
    "\ud800",
    "é",
    "\u0100",
  ),
  fc.string({ unit: fc.constantFrom(..."abcxyzKEY019 _-.:=/\"'"), maxLength: 6 }),
);
const text = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(""));

/** Every start position of a global regex's matches at any position (overlaps included). */
function startsOf(pattern: RegExp, subject: string): number[] {
  const sticky = new RegExp(pattern.source, `${pattern.flags.replace("g", "")}y`);
  const starts: number[] = [];
  for (let i = 0; i < subject.length; i += 1) {
    sticky.lastIndex = i;
    if (sticky.test(subject)) starts.push(i);
  }
  return starts;
}

const TRIGGER_LITERALS: Array<[number, string[], boolean]> = [
  [Trigger.UrlScheme, ["://"], false],
  [Trigger.JdbcThin, [":thin:"], false],
  [Trigger.DiscordWebhook, ["/api/webhooks/"], false],
  [Trigger.TelegramToken, [":AA"], false],
  [Trigger.AzureSecret, ["Q~"], false],
  [Trigger.MailchimpKey, ["-us"], false],
  [Trigger.TerraformToken, [".atlasv1."], false],
  [Trigger.UserFlag, ["-u"], false],
  [Trigger.Netrc, ["machine"], false],
  [Trigger.AuthScheme, ["bearer", "basic", "negotiate", "ntlm"], true],
];

/** ASCII-only lower-casing: what the `i` flag does without `u`. */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

describe("prescan: one pass finds what the stages' regexes would", () => {
  it("hint starts are exactly where the key-hint regex matches", () => {
    fc.assert(
      fc.property(text, (subject) => {
        expect(prescan(subject).hintStarts).toEqual(startsOf(SECRET_KEY_HINT_PATTERN, subject));
      }),
      { numRuns: 2000 },
    );
  });

  it("token starts include every position where a token rule's regex matches", () => {
    const patterns = TOKEN_RULES.map((rule) => tokenRulePattern(rule));
    const prefix = fc.constantFrom(...TOKEN_RULES.flatMap((rule) => rule.prefixes));
    const body = fc.string({
      unit: fc.constantFrom(..."abcdefXYZ0123456789_-."),
      minLength: 10,
      maxLength: 90,
    });
    const withTokens = fc
      .array(
        fc.oneof(
          piece,
          fc.tuple(prefix, body).map(([p, b]) => p + b),
        ),
        { maxLength: 8 },
      )
      .map((parts) => parts.join(" "));
    let matches = 0;
    fc.assert(
      fc.property(withTokens, (subject) => {
        const starts = new Set(prescan(subject).tokenStarts);
        for (const pattern of patterns) {
          for (const match of subject.matchAll(pattern)) {
            matches += 1;
            expect(starts.has(match.index)).toBe(true);
          }
        }
      }),
      { numRuns: 1000 },
    );
    // The generator must actually produce tokens for this to show anything.
    expect(matches).toBeGreaterThan(100);
  });

  it("trigger bits are set exactly when their literal occurs", () => {
    fc.assert(
      fc.property(text, (subject) => {
        const { found } = prescan(subject);
        for (const [bit, literals, fold] of TRIGGER_LITERALS) {
          const haystack = fold ? asciiLower(subject) : subject;
          const present = literals.some((literal) => haystack.includes(literal));
          expect((found & bit) !== 0).toBe(present);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("handles the empty string, one character and the text's last positions", () => {
    expect(prescan("")).toEqual({ tokenStarts: [], hintStarts: [], found: 0 });
    expect(prescan("p").hintStarts).toEqual([]);
    expect(prescan("pw").hintStarts).toEqual([0]);
    expect(prescan("x-u").found & Trigger.UserFlag).not.toBe(0);
    expect(prescan("ab sk").tokenStarts).toEqual([]);
  });
});

describe("prescan: rebase after edits equals a fresh scan", () => {
  const replacement = fc.constantFrom(
    "[REDACTED:SECRET]",
    "~",
    "[REDACTED:GITHUB_TOKEN]",
    "",
    "pw",
  );
  it("for random edits of random text", () => {
    fc.assert(
      fc.property(
        text,
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 30 }), replacement), { maxLength: 5 }),
        (original, rawEdits) => {
          // Normalise to sorted, non-overlapping edits inside the text.
          const edits: Edit[] = [];
          let edited = "";
          let cursor = 0;
          const sorted = rawEdits
            .map(([start, span, with_]) => {
              const s = original.length === 0 ? 0 : start % (original.length + 1);
              return { start: s, end: Math.min(original.length, s + span), with_ };
            })
            .sort((a, b) => a.start - b.start);
          for (const { start, end, with_ } of sorted) {
            if (start < cursor) continue;
            edited += original.slice(cursor, start) + with_;
            edits.push({ start, end, length: with_.length });
            cursor = end;
          }
          edited += original.slice(cursor);
          const old = prescan(original);
          const carried = rebase(old, edited, edits);
          const fresh = prescan(edited);
          expect(carried.tokenStarts).toEqual(fresh.tokenStarts);
          expect(carried.hintStarts).toEqual(fresh.hintStarts);
          // `found` may keep a trigger an edit removed, never miss one.
          expect(carried.found & fresh.found).toBe(fresh.found);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("a scrub that replaces tokens gives the same result as scrubbing the result's pieces afresh", () => {
    const token = `ghp_${"a1B2c3D4e5".repeat(4)}`;
    const input = `password=${token} and again ${token} token: x`;
    expect(redactValue(input)).toBe(
      "password=[REDACTED:GITHUB_TOKEN] and again [REDACTED:GITHUB_TOKEN] token: [REDACTED:SECRET]",
    );
  });
});

describe("mayHoldIPv6 agrees with its regex form", () => {
  const ipText = fc
    .array(
      fc.oneof(
        fc.constantFrom(":", "::", "1", "ab", "fff", "12345", ".", " ", "g", "2001:db8", "\u0161"),
        fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF:. x"), maxLength: 10 }),
      ),
      { maxLength: 20 },
    )
    .map((parts) => parts.join(""));
  it("on random colon-and-hex text", () => {
    fc.assert(
      fc.property(ipText, (subject) => {
        expect(mayHoldIPv6(subject)).toBe(IPV6_GATE_PATTERN.test(subject));
      }),
      { numRuns: 3000 },
    );
  });
  it("on the address forms", () => {
    for (const address of [
      "2001:db8::1",
      "fe80::",
      "1:2:3:4:5:6:7:8",
      "::ffff:1.2.3.4",
      "a:b:c:d:e:f:1.2.3.4",
    ]) {
      expect(mayHoldIPv6(`at ${address} now`)).toBe(true);
    }
    for (const plain of ["12:23:25.688", "file.js:208:64", '{"a":1,"b":2}', "a:b:c:d", ""]) {
      expect(mayHoldIPv6(plain)).toBe(false);
    }
  });
});

describe("latin1Bytes", () => {
  it("keeps one byte per UTF-16 code unit, so indices match the string", () => {
    const subject = "a\u0173b\ud83d\ude00c\u212A";
    const bytes = latin1Bytes(subject);
    expect(bytes.length).toBe(subject.length);
    for (let i = 0; i < subject.length; i += 1) {
      expect(bytes[i]).toBe(subject.charCodeAt(i) & 0xff);
    }
  });
  it("serves long texts beyond the scratch buffer", () => {
    const long = "x".repeat(200_000);
    expect(latin1Bytes(long).length).toBe(200_000);
    expect(latin1Bytes("ok")[1]).toBe(0x6b);
  });
});

describe("stage skips for short texts", () => {
  /** Short texts from every character a stage's condition looks at, plus secrets and addresses. */
  const short = fc
    .array(
      fc.oneof(
        fc.string({ unit: fc.constantFrom(..."ab:@/\\\\=>- \t.~0123456789AZ[]_"), maxLength: 12 }),
        fc.constantFrom(
          "1::",
          "::ffff:1.2.3.4",
          "10.0.0.1",
          "a@b.io",
          "/home/ada",
          "C:\\\\Users\\\\ada",
          "4111 1111 1111 1111",
          "pw=x",
          "--password x",
          "<token>x</token>",
          "Bearer abcdefgh1",
          "-u a:b",
          "https://u:p@h",
          ":thin:u/p@h",
          "PRIVATE KEY",
          `ghp_${"a1".repeat(18)}`,
          `sk-${"Ab3".repeat(8)}`,
          "[REDACTED:SECRET]",
        ),
      ),
      { maxLength: 10 },
    )
    .map((parts) => parts.join(""))
    .filter((s) => s.length <= 256);

  it("give the same scrub as running every stage", () => {
    fc.assert(
      fc.property(short, (subject) => {
        disableStageSkipsForTests(true);
        const full = redactValue(subject);
        disableStageSkipsForTests(false);
        expect(redactValue(subject)).toBe(full);
      }),
      { numRuns: 5000 },
    );
  });

  it("on every golden vector and survivor", () => {
    for (const text of [...GOLDEN_VECTORS.map((v) => v.input), ...SURVIVORS]) {
      disableStageSkipsForTests(true);
      const full = redactValue(text);
      disableStageSkipsForTests(false);
      expect(redactValue(text)).toBe(full);
    }
  });
});
