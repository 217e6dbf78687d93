import { describe, expect, it } from "vitest";
import { CORPUS_SURVIVORS, CORPUS_VECTORS } from "../../fixtures/redact/corpus/index.js";
import { redactValue } from "../../redact/index.js";

const caught = CORPUS_VECTORS.filter((v) => v.knownMiss === undefined);
const byClass = (name: string, i: number): string => `${name} #${i + 1}`;

describe("golden corpus: secrets and personal data from real formats", () => {
  it("holds at least 500 vectors over at least 100 classes", () => {
    expect(CORPUS_VECTORS.length).toBeGreaterThanOrEqual(500);
    expect(new Set(CORPUS_VECTORS.map((v) => v.class)).size).toBeGreaterThanOrEqual(100);
  });

  it.each(caught.map((v, i) => [byClass(v.class, i), v] as const))(
    "removes every planted secret of %s and names its class",
    (_name, vector) => {
      const output = redactValue(vector.input, vector.context);
      for (const secret of vector.secrets) expect(output).not.toContain(secret);
      if (vector.kind === "HOME") expect(output).toContain("~");
      else expect(output).toContain(`[REDACTED:${vector.kind}]`);
      expect(redactValue(output, vector.context)).toBe(output);
    },
  );

  it("states why each known miss is missed", () => {
    for (const vector of CORPUS_VECTORS.filter((v) => v.knownMiss !== undefined)) {
      expect(vector.knownMiss?.length ?? 0).toBeGreaterThan(20);
    }
  });

  it.each(CORPUS_SURVIVORS.map((line) => [line.class, line.text, line.context] as const))(
    "leaves a %s line unchanged: %j",
    (_class, text, context) => {
      expect(redactValue(text, context)).toBe(text);
    },
  );
});
