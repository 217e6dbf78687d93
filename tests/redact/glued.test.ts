import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TOKEN_CLASSES } from "../../fixtures/redact/corpus/provider-tokens.js";
import { redactValue } from "../../redact/index.js";
import { TOKEN_RULES } from "../../redact/token-rules.js";

/**
 * Issue 14 item 3: a planted secret is found whatever is glued to it, on
 * either side: `.`, `:`, `_`, `-`, and letters where the pattern allows
 * (a letter before a prefix that must start a word, or after a token of
 * fixed length, makes a longer word: `xsk-…` is not an OpenAI key).
 */
const SEPARATORS = [".", ":", "_", "-"];

interface Planted {
  name: string;
  secret: string;
  /** Letters that may stand right before / after it and still leave it a secret. */
  letterBefore: string | undefined;
  letterAfter: string | undefined;
}

/** Which token rule a corpus token falls under (longest prefix). */
function ruleOf(token: string) {
  let best: { rule: (typeof TOKEN_RULES)[number]; length: number } | undefined;
  for (const rule of TOKEN_RULES) {
    for (const prefix of rule.prefixes) {
      if (token.startsWith(prefix) && prefix.length > (best?.length ?? 0))
        best = { rule, length: prefix.length };
    }
  }
  return best?.rule;
}

const TOKENS: Planted[] = TOKEN_CLASSES.map((t) => {
  const rule = ruleOf(t.token);
  return {
    name: t.class,
    secret: t.token,
    letterBefore: rule === undefined || rule.boundary === true ? undefined : "x",
    letterAfter: rule?.max === undefined && rule !== undefined ? "x" : undefined,
  };
});

const ADDRESSES: Planted[] = [
  { name: "ipv4", secret: "203.0.113.45", letterBefore: "x", letterAfter: "x" },
  { name: "ipv4 private", secret: "10.20.30.40", letterBefore: "x", letterAfter: "x" },
  {
    name: "ipv6 full",
    secret: "2001:db8:4a2f:9c1e:7b3d:1f00:beef:cafe",
    letterBefore: "x",
    letterAfter: "x",
  },
  { name: "ipv6 compressed", secret: "2001:db8::1:42", letterBefore: "x", letterAfter: "x" },
  {
    name: "ipv6 link-local",
    secret: "fe80::1ff:fe23:4567:890a",
    letterBefore: "x",
    letterAfter: "x",
  },
  { name: "mac", secret: "3c:22:fb:12:9a:0e", letterBefore: "x", letterAfter: "x" },
  { name: "card", secret: "4111111111111111", letterBefore: "x", letterAfter: "x" },
  {
    name: "e-mail",
    secret: "ada.lovelace@example.org",
    letterBefore: undefined,
    letterAfter: undefined,
  },
];

/** The secret, or for an address, any part of it that would still identify it. */
function leaked(output: string, secret: string): boolean {
  return output.includes(secret);
}

const cases = [...TOKENS, ...ADDRESSES].flatMap((planted) => {
  const before = [...SEPARATORS, ...(planted.letterBefore ? [planted.letterBefore] : [])];
  const after = [...SEPARATORS, ...(planted.letterAfter ? [planted.letterAfter] : [])];
  return before.flatMap((b) => after.map((a) => ({ planted, before: b, after: a })));
});

describe("glued secrets: every class, every separator, both sides", () => {
  it(`finds all ${cases.length} glued combinations`, () => {
    const missed = cases
      .filter(({ planted, before, after }) => {
        const output = redactValue(`Err${before}${planted.secret}${after}app`);
        return leaked(output, planted.secret);
      })
      .map(({ planted, before, after }) => `${before}${planted.name}${after}`);
    expect(missed).toEqual([]);
  });

  it("finds them in random surroundings too", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.string({ unit: fc.constantFrom(..." \n\t,;()[]{}\"'=/"), maxLength: 4 }),
        fc.string({ unit: fc.constantFrom(..." \n\t,;()[]{}\"'=/"), maxLength: 4 }),
        ({ planted, before, after }, left, right) => {
          const output = redactValue(
            `${left}x${before}${planted.secret}${after}y${right}`.replace(/^x/, ""),
          );
          expect(leaked(output, planted.secret)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});
