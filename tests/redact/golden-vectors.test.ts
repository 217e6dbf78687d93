import { describe, expect, it } from "vitest";
import { GOLDEN_VECTORS, SURVIVORS } from "../../fixtures/redact/golden-vectors.js";
import { redactValue } from "../../redact/index.js";

describe("golden vectors: every secret class is removed", () => {
  it.each(GOLDEN_VECTORS.map((v) => [v.name, v] as const))("redacts %s", (_name, vector) => {
    const output = redactValue(vector.input);
    for (const secret of vector.secrets) expect(output).not.toContain(secret);
    if (vector.kind === "HOME") expect(output).toContain("~");
    else expect(output).toContain(`[REDACTED:${vector.kind}]`);
    if (vector.expected !== undefined) expect(output).toBe(vector.expected);
  });

  it.each(GOLDEN_VECTORS.map((v) => [v.name, v] as const))(
    "is idempotent on %s",
    (_name, vector) => {
      const once = redactValue(vector.input);
      expect(redactValue(once)).toBe(once);
    },
  );
});

describe("survivors: ordinary crash text is left alone", () => {
  it.each(SURVIVORS)("keeps %j", (text) => {
    expect(redactValue(text)).toBe(text);
  });
});

describe("card numbers", () => {
  it.each([
    ["plain", "4111111111111111", "[REDACTED:CARD_NUMBER]"],
    ["dashed", "4111-1111-1111-1111", "[REDACTED:CARD_NUMBER]"],
    ["with a neighbouring number", "ref 1 4111 1111 1111 1111 0", "ref 1 [REDACTED:CARD_NUMBER] 0"],
    [
      "at the end of a sentence",
      "paid with 4111111111111111.",
      "paid with [REDACTED:CARD_NUMBER].",
    ],
    ["a Luhn failure", "4111 1111 1111 1112", "4111 1111 1111 1112"],
    ["an unknown issuer", "1111111111111117", "1111111111111117"],
    ["inside a hex string", "deadbeef4111111111111111cafe", "deadbeef4111111111111111cafe"],
    ["mixed separators", "4111-1111 1111-1111", "4111-1111 1111-1111"],
    ["too long", "41111111111111111111111", "41111111111111111111111"],
  ])("%s", (_name, input, expected) => {
    expect(redactValue(input)).toBe(expected);
  });
});

describe("replacement tokens protect only themselves", () => {
  it.each([
    ["a keyed value glued to a token", "token=[REDACTED:SECRET]hunter2", "token=[REDACTED:SECRET]"],
    [
      "a quoted keyed value glued to a token",
      '"password": "[REDACTED:PASSWORD]hunter2"',
      '"password": "[REDACTED:PASSWORD]"',
    ],
    [
      "URL userinfo glued to a token",
      "https://[REDACTED:URL_CREDENTIALS]x:pw@host",
      "https://[REDACTED:URL_CREDENTIALS]@host",
    ],
    [
      "a clean keyed value",
      "token=[REDACTED:GITHUB_TOKEN] next",
      "token=[REDACTED:GITHUB_TOKEN] next",
    ],
  ])("%s", (_name, input, expected) => {
    expect(redactValue(input)).toBe(expected);
  });
});

describe("YAML block scalars", () => {
  it("redacts the indented lines of a block scalar under a secret key, keeping the indicator", () => {
    const input =
      "db:\n  password: |\n    first-line-secret\n\n    second-line-secret\n  host: example\nnext: 1";
    expect(redactValue(input)).toBe(
      "db:\n  password: |\n    [REDACTED:PASSWORD]\n  host: example\nnext: 1",
    );
  });

  it("handles folded and chomped indicators", () => {
    expect(redactValue("token: >-\n  abc\n  def\nother: x")).toBe(
      "token: >-\n  [REDACTED:SECRET]\nother: x",
    );
  });

  it("stops at the end of the text", () => {
    expect(redactValue("secret: |\n  abc")).toBe("secret: |\n  [REDACTED:SECRET]");
  });
});
