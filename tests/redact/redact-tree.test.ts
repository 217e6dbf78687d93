import { describe, expect, it } from "vitest";
import { TOKENS } from "../../fixtures/redact/golden-vectors.js";
import { MAX_TREE_DEPTH, redactTree } from "../../redact/index.js";

describe("redactTree", () => {
  it("scrubs keys and values at every depth and counts redactions", () => {
    const input = {
      user: { email: "ada@example.com", "ada@example.com": 1 },
      list: ["ok", `token ${TOKENS.ghp}`],
      nested: [[{ deeper: "/home/ada/x" }]],
    };
    const { value, count } = redactTree(input);
    expect(value).toEqual({
      user: { email: "[REDACTED:EMAIL]", "[REDACTED:EMAIL]": 1 },
      list: ["ok", "token [REDACTED:GITHUB_TOKEN]"],
      nested: [[{ deeper: "~/x" }]],
    });
    expect(count).toBe(4);
  });

  it.each([
    ["a string", { password: "hunter2" }, { password: "[REDACTED:PASSWORD]" }],
    ["a number of six digits or more", { api_key: 12345678 }, { api_key: "[REDACTED:SECRET]" }],
    ["a one-time code of any length", { otp: 4821 }, { otp: "[REDACTED:SECRET]" }],
    ["an object", { credentials: { user: "a", pass: "b" } }, { credentials: "[REDACTED:SECRET]" }],
    ["an array", { cookies: ["a=b"] }, { cookies: "[REDACTED:COOKIE]" }],
  ])("replaces a secret-keyed %s whole", (_name, input, expected) => {
    expect(redactTree(input).value).toEqual(expected);
  });

  it.each([
    ["a boolean", { session_token: true }],
    ["a small count", { max_password_retries: 3, password_attempts: 5 }],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder is the input
    ["a placeholder", { api_key: "${OPENAI_API_KEY}" }],
    ["an already masked value", { secret: "********" }],
    ["a path", { private_key: "/etc/ssl/private/server.key" }],
  ])("keeps %s under a secret key (no secret can look like that)", (_name, input) => {
    expect(redactTree(input).value).toEqual(input);
  });

  it("keeps empty and null secret-keyed values (nothing to hide)", () => {
    expect(redactTree({ password: "", token: null }).value).toEqual({ password: "", token: null });
  });

  it("never mutates its input", () => {
    const input = { password: "x", list: ["ada@example.com"] };
    const copy = structuredClone(input);
    redactTree(input);
    expect(input).toEqual(copy);
  });

  it("replaces cycles with a marker", () => {
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    expect(redactTree(a).value).toEqual({ name: "a", self: "[REDACTED:CIRCULAR]" });
  });

  it("keeps shared (non-cyclic) references", () => {
    const shared = { v: 1 };
    expect(redactTree({ a: shared, b: shared }).value).toEqual({ a: { v: 1 }, b: { v: 1 } });
  });

  it("stops at the depth cap", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < MAX_TREE_DEPTH + 5; i += 1) deep = [deep];
    expect(JSON.stringify(redactTree(deep).value)).toContain("[REDACTED:TOO_DEEP]");
  });

  it("stops at the node cap", () => {
    const big = Array.from({ length: 150_000 }, (_, i) => i);
    const out = redactTree(big).value as unknown[];
    expect(out.at(-1)).toBe("[REDACTED:TOO_LARGE]");
    expect(out.length).toBeLessThanOrEqual(100_001);
  });

  it("follows Map, Set, Error and Date, and drops functions and symbols", () => {
    const error = Object.assign(new Error("mail ada@example.com"), { code: "E1" });
    const { value } = redactTree({
      map: new Map([["k", "ada@example.com"]]),
      set: new Set(["ada@example.com"]),
      error,
      when: new Date("2026-11-25T12:00:00Z"),
      fn: () => 1,
      sym: Symbol("s"),
      bytes: new Uint8Array([1, 2]),
    });
    const out = value as Record<string, unknown>;
    expect(out.map).toEqual({ k: "[REDACTED:EMAIL]" });
    expect(out.set).toEqual(["[REDACTED:EMAIL]"]);
    expect((out.error as Record<string, unknown>).message).toBe("mail [REDACTED:EMAIL]");
    expect((out.error as Record<string, unknown>).code).toBe("E1");
    expect(out.when).toBe("2026-11-25T12:00:00.000Z");
    expect(out).not.toHaveProperty("fn");
    expect(out).not.toHaveProperty("sym");
    expect(out.bytes).toBe("[REDACTED:BINARY]");
  });

  it("redacts card numbers stored as JSON numbers", () => {
    expect(redactTree({ n: 4111111111111111, small: 42 }).value).toEqual({
      n: "[REDACTED:CARD_NUMBER]",
      small: 42,
    });
  });

  it("survives getters that throw", () => {
    const input = {};
    Object.defineProperty(input, "bad", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    expect(redactTree(input).value).toEqual({ bad: "[REDACTED:UNREADABLE]" });
  });

  it("keeps __proto__ keys as plain data", () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}}');
    const out = redactTree(input).value as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(out)).toEqual(["__proto__"]);
  });

  it("scrubs bigint values as text", () => {
    expect(redactTree({ n: 10n }).value).toEqual({ n: "10" });
  });

  it("never throws on a revoked proxy", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(() => redactTree({ p: proxy })).not.toThrow();
  });
});
