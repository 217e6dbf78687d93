import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GOLDEN_VECTORS } from "../../fixtures/redact/golden-vectors.js";
import { MAX_INPUT_CHARS, redactTree, redactValue } from "../../redact/index.js";

/** Planted secrets: each golden vector's input, whose secrets must all vanish. */
const planted = fc.constantFrom(...GOLDEN_VECTORS.filter((v) => v.kind !== "HOME"));

/** Filler that cannot glue onto a secret: words, numbers and punctuation after a separator. */
const filler = fc.array(
  fc.oneof(
    fc.constantFrom(
      "error",
      "retry",
      "phase",
      "ACT",
      "loki-mode",
      "v5.3.1",
      "at",
      "main",
      "{",
      "}",
      ",",
      "ok",
    ),
    fc.integer({ min: 0, max: 99999 }).map(String),
    fc.string({ unit: fc.constantFrom(..."abcdefghij0123456789 .,:;-_"), maxLength: 12 }),
  ),
  { maxLength: 8 },
);

const separator = fc.constantFrom(" ", "\n", "\t", " | ", "\n\n", " ; ");

describe("property: no planted secret survives", () => {
  it("in random text", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(filler, planted), { minLength: 1, maxLength: 5 }),
        separator,
        (parts, sep) => {
          const text = parts
            .map(([words, vector]) => `${words.join(" ")}${sep}${vector.input}${sep}`)
            .join("");
          const output = redactValue(text);
          for (const [, vector] of parts) {
            for (const secret of vector.secrets) expect(output).not.toContain(secret);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  const tree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: "small" },
      planted.map((v) => v.input),
      fc.string({ maxLength: 20 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie("node"), { maxLength: 4 }),
      fc.dictionary(fc.string({ maxLength: 8 }), tie("node"), { maxKeys: 4 }),
    ),
  })).node;

  it("in random JSON trees, keys included", () => {
    fc.assert(
      fc.property(tree, planted, (value, vector) => {
        const input = { [vector.input.slice(0, 200)]: value, note: vector.input };
        const { value: output } = redactTree(input);
        const json = JSON.stringify(output);
        for (const secret of vector.secrets)
          expect(json).not.toContain(JSON.stringify(secret).slice(1, -1));
        const embedded = JSON.stringify(value);
        for (const v of GOLDEN_VECTORS) {
          if (
            v.kind === "HOME" ||
            embedded === undefined ||
            !embedded.includes(JSON.stringify(v.input).slice(1, -1))
          )
            continue;
          for (const secret of v.secrets)
            expect(json).not.toContain(JSON.stringify(secret).slice(1, -1));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("property: scrubbing is idempotent", () => {
  it("redactValue(redactValue(x)) === redactValue(x) for any string", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fc.string({ maxLength: 200 })),
        (text) => {
          const once = redactValue(text);
          expect(redactValue(once)).toBe(once);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("is idempotent on text with planted secrets", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, planted), { maxLength: 4 }), (parts) => {
        const text = parts
          .map(([words, vector]) => `${words.join(" ")} ${vector.input}`)
          .join("\n");
        const once = redactValue(text);
        expect(redactValue(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it("redactTree output scrubs to itself with no new redactions", () => {
    fc.assert(
      fc.property(fc.jsonValue(), planted, (value, vector) => {
        const once = redactTree({ a: value, b: vector.input }).value;
        const twice = redactTree(once);
        expect(twice.value).toEqual(once);
        expect(twice.count).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it("judges a key the scrub changed as it comes out (a case fast-check found)", () => {
    const once = redactTree({ "Pw:A": ":" }).value;
    const twice = redactTree(once);
    expect(twice.value).toEqual(once);
    expect(twice.count).toBe(0);
  });
});

describe("property: never throws", () => {
  it("on any string, including lone surrogates and NUL", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 300 }),
          fc.string({
            unit: fc.constantFrom(
              "\ud800",
              "\udfff",
              "\u0000",
              "a",
              "@",
              ":",
              "=",
              '"',
              "\\",
              "-",
              "/",
            ),
            maxLength: 300,
          }),
        ),
        (text) => {
          expect(typeof redactValue(text)).toBe("string");
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("on any value given to redactTree", () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withTypedArray: true,
          withNullPrototype: true,
          withSparseArray: true,
        }),
        (value) => {
          expect(() => redactTree(value)).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    ["1 MB line of a", "a".repeat(1 << 20)],
    ["1 MB of lone surrogates", "\ud800".repeat(1 << 20)],
    ["1 MB of NUL", "\u0000".repeat(1 << 20)],
    ["1 MB of sk- runs", "sk-".repeat(350_000)],
  ])("on a %s", (_name, text) => {
    expect(typeof redactValue(text)).toBe("string");
  });

  it("on non-string input to redactValue", () => {
    for (const value of [undefined, null, 42, {}, Symbol("x")]) {
      expect(redactValue(value as unknown as string)).toBe("");
    }
  });
});

describe("input cap", () => {
  it("cuts text over the cap, drops the partial last token, and marks the cut", () => {
    const secretTail = `ghp_${"A".repeat(10)}`;
    const text = `${"word ".repeat(Math.ceil(MAX_INPUT_CHARS / 5))}${secretTail}${"B".repeat(1000)}`;
    const output = redactValue(text);
    expect(output.length).toBeLessThanOrEqual(MAX_INPUT_CHARS + 32);
    expect(output.endsWith("[REDACTED:TRUNCATED]")).toBe(true);
    expect(output).not.toContain("ghp_");
  });

  it("drops a token cut in the middle by the cap", () => {
    const pad = "x ".repeat((MAX_INPUT_CHARS - 20) / 2);
    const output = redactValue(`${pad}ghp_${"Z".repeat(400)}`);
    expect(output).not.toContain("ghp_");
    expect(output).not.toContain("ZZZ");
  });
});

describe("dense input at the cap", () => {
  it("scrubs the first 180 cookies of a header cookie by cookie and the rest whole", () => {
    const cookies = Math.floor((MAX_INPUT_CHARS - 8) / 6);
    const output = redactValue(`Cookie: ${"sid=x;".repeat(cookies)}`);
    expect(output).toBe(`Cookie: ${"sid=[REDACTED:COOKIE];".repeat(180)}[REDACTED:COOKIE]`);
  });

  it("keeps a header of 180 cookies cookie by cookie", () => {
    const header = `Cookie: ${"theme=dark; sid=x; ".repeat(90)}`;
    const output = redactValue(header.trimEnd());
    expect(output).toBe(`Cookie: ${"theme=dark; sid=[REDACTED:COOKIE]; ".repeat(90)}`.trimEnd());
  });
});
