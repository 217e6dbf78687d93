import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../redact/sha256-hex.js";

const reference = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

describe("sha256Hex agrees with node:crypto", () => {
  it("on the FIPS 180-4 examples and the padding edges", () => {
    expect(sha256Hex("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    // 55, 56, 63, 64 and 65 bytes: where the length field does or does not fit the last block.
    for (const length of [55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) {
      const text = "a".repeat(length);
      expect(sha256Hex(text)).toBe(reference(text));
    }
  });

  it("on random text, including non-ASCII and lone surrogates", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(reference(text));
      }),
      { numRuns: 3000 },
    );
  });
});
