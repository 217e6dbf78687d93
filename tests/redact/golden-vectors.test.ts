import { describe, expect, it } from "vitest";
import { redactValue } from "../../redact/index.js";
import { GOLDEN_VECTORS, SURVIVORS } from "./fixtures/golden-vectors.js";

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
