// Readings a crash or a start does by character, each held to the regex it
// stands for (kept here as the reference): same answer on texts drawn from
// the pieces those regexes care about, and on the edges listed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { charClass, foldToClass, isRegexSpace } from "../../redact/char-class.js";
import { isMinifiedFile, withoutAlias, withoutKeyword } from "../../redact/normalize-stack.js";
import { afterAt } from "../../redact/parse-frame.js";
import { isRuntimeLocation, lineAndColumn } from "../../redact/path-text.js";

const texts = (pieces: string[], maxLength = 8) =>
  fc.array(fc.constantFrom(...pieces), { maxLength }).map((parts) => parts.join(""));

// Blanks and line ends a regex's \s and . treat apart from other characters.
const ODD = [" ", "\t", "\r", "\n", "\u00a0", "\u2028", "\ufeff", "é", "\u212a", "\u017f"];

function agree<T>(pieces: string[], reading: (text: string) => T, reference: (text: string) => T) {
  fc.assert(
    fc.property(texts(pieces), (text) => {
      expect(reading(text), JSON.stringify(text)).toEqual(reference(text));
    }),
    { numRuns: 2000 },
  );
}

describe("read by character, as the regex read it", () => {
  it("a function name without its ` [as alias]`, and without a leading keyword", () => {
    const pieces = ["async", "new", "get", "set", "static", "[as ", "[as", "]", "[", "as"];
    pieces.push("Foo.bar", ".", "x", "a".repeat(99), "a".repeat(101), "\u180e", ...ODD);
    agree(pieces, withoutAlias, (text) => text.replace(/\s\[as [^\]]{0,200}\]$/, ""));
    agree(pieces, withoutKeyword, (text) => text.replace(/^(?:async|new|get|set|static)\s+/, ""));
    const edges = ["]", " [as ]", "x [as ]", "x [as a]]", "x [as a [as b]"];
    edges.push(`x [as ${"a".repeat(200)}]`, `x [as ${"a".repeat(201)}]`, "x\u2028[as y]");
    for (const edge of edges) {
      expect(withoutAlias(edge), edge).toBe(edge.replace(/\s\[as [^\]]{0,200}\]$/, ""));
    }
  });

  it("the characters a regex's \\s matches", () => {
    for (let code = 0; code <= 0xffff; code += 1) {
      expect(isRegexSpace(code), code.toString(16)).toBe(/\s/.test(String.fromCharCode(code)));
    }
  });

  it("runtime locations", () => {
    const regex =
      /^(?:node:|internal[/:]|native\b|unknown$|bun:|ext:|deno:|\[native code\]|self-hosted|<anonymous>|index \d+$|electron\/js2c|evalmachine\.)/;
    const pieces = ["node:", "internal", "/", ":", "native", "unknown", "bun:", "ext:", "deno:"];
    pieces.push("[native code]", "self-hosted", "<anonymous>", "index ", "12", "electron/js2c");
    pieces.push("evalmachine.", "x", "_", "-", "7", ...ODD);
    agree(pieces, isRuntimeLocation, (text) => regex.test(text));
  });

  it("line and column at the end of a location", () => {
    const regex = /:(\d{1,9}):(\d{1,9})$/;
    const pieces = [":", "::", "1", "12", "123456789", "0", "a", "file.js", " ", "\n"];
    agree(pieces, lineAndColumn, (text) => {
      const match = regex.exec(text);
      return match === null ? undefined : [match[1], match[2]];
    });
  });

  it("minified file names", () => {
    const regex = /[.-]min\.[cm]?js(?::\d+){0,2}$/;
    const pieces = [
      ".",
      "-",
      "min",
      ".js",
      ".cjs",
      ".mjs",
      ".ts",
      "js",
      ":",
      "12",
      "x",
      " ",
      "MIN",
    ];
    agree(pieces, isMinifiedFile, (text) => regex.test(text));
  });

  it("what follows `at` in a V8 frame line", () => {
    const regex = /^\s*at\s+(\S.*)$/;
    const pieces = ["at", "  ", "at ", "fn", " (", "file.js:1:2", ")", "@", "x", ...ODD];
    agree(pieces, afterAt, (text) => regex.exec(text)?.[1]);
  });

  it("text folded into a field's characters", () => {
    const allowed = charClass("A-Za-z0-9_.:#-");
    const pieces = ["a", "Z", "0", "_", ".", ":", "#", "-", "/", "$", "😀", ...ODD];
    agree(
      pieces,
      (text) => foldToClass(text, allowed, 12),
      (text) => text.replace(/[^A-Za-z0-9_.:#-]/g, "_").slice(0, 12),
    );
  });
});
