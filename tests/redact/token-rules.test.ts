import { describe, expect, it } from "vitest";
import { redactValue } from "../../redact/index.js";
import { scanTokens } from "../../redact/scan-tokens.js";
import { TOKEN_RULES, type TokenRule, tokenRulePattern } from "../../redact/token-rules.js";

/** Every character of a rule's body class, in order (ASCII only). */
function alphabet(rule: TokenRule): string {
  const re = new RegExp(`^[${rule.body}]$`);
  let out = "";
  for (let c = 33; c < 127; c += 1)
    if (re.test(String.fromCharCode(c))) out += String.fromCharCode(c);
  return out;
}

/** A body of exactly `length` characters cycling through the alphabet from `offset`. */
function body(rule: TokenRule, length: number, offset = 7): string {
  const chars = alphabet(rule);
  let out = "";
  for (let i = 0; i < length; i += 1) out += chars[(i * 5 + offset) % chars.length];
  return out;
}

const plain = TOKEN_RULES.filter((rule) => rule.check === undefined && rule.shape === undefined);

describe("token rules: the scanner and the regex form agree", () => {
  it.each(plain.flatMap((rule) => rule.prefixes.map((prefix) => [rule.id, prefix, rule] as const)))(
    "%s fires on %s plus a minimal body",
    (_id, prefix, rule) => {
      const token = `${prefix}${body(rule, rule.min)}`;
      const text = `before ${token} after`;
      const pattern = tokenRulePattern(rule);
      expect(text.match(pattern)?.[0]).toBe(token);
      expect(scanTokens(text, { count: 0 }).text).toBe(`before [REDACTED:${rule.kind}] after`);
    },
  );

  it.each(plain.map((rule) => [rule.id, rule] as const))(
    "%s does not fire on a body one character short",
    (_id, rule) => {
      const prefix = rule.prefixes[rule.prefixes.length - 1] ?? "";
      const text = `before ${prefix}${body(rule, rule.min - 1)} after`;
      // Another, more generic rule may still take it (sk-ant-… short is still an sk- key).
      expect(scanTokens(text, { count: 0 }).text).not.toContain(`[REDACTED:${rule.kind}]`);
      expect(tokenRulePattern(rule).test(text)).toBe(false);
    },
  );

  it.each(
    TOKEN_RULES.filter((rule) => rule.max !== undefined).map((rule) => [rule.id, rule] as const),
  )("%s does not fire inside a longer word", (_id, rule) => {
    const prefix = rule.prefixes[0] ?? "";
    const text = `x ${prefix}${body(rule, (rule.max ?? 0) + 1)} y`;
    expect(scanTokens(text, { count: 0 }).text).not.toContain(`[REDACTED:${rule.kind}]`);
  });

  it("keeps rule ids unique and kinds in the token alphabet", () => {
    expect(new Set(TOKEN_RULES.map((rule) => rule.id)).size).toBe(TOKEN_RULES.length);
    for (const rule of TOKEN_RULES) {
      expect(rule.kind).toMatch(/^[A-Z0-9_]+$/);
      for (const prefix of rule.prefixes) expect(prefix.length).toBeGreaterThanOrEqual(2);
    }
  });

  it("takes a token glued to more token characters whole", () => {
    const rule = TOKEN_RULES.find((r) => r.id === "github-token");
    expect(rule).toBeDefined();
    const output = redactValue(`ghp_${"A1".repeat(40)}`);
    expect(output).toBe("[REDACTED:GITHUB_TOKEN]");
  });
});
