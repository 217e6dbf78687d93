import { decodeHTML, encodeHTML } from "entities";
import { describe, expect, it } from "vitest";
import {
  html4Named,
  htmlLetterNames,
  letterReferenceNames,
} from "../../redact/html-letter-names.js";

// The names crashfix makes for HTML's named references of letters, held to
// the `entities` package's copy of the HTML standard's table.
const LATIN = Array.from({ length: 0x17f - 0xc0 + 1 }, (_, i) => String.fromCharCode(0xc0 + i));

describe("htmlLetterNames", () => {
  it.each(LATIN)("gives %s only names HTML gives it, and the one an encoder writes", (letter) => {
    for (const name of htmlLetterNames(letter)) expect(decodeHTML(`&${name};`)).toBe(letter);
    const written = /^&([A-Za-z]+);$/.exec(encodeHTML(letter))?.[1];
    // × and ÷ are named too, but are no letters.
    if (written !== undefined && letter !== "\u00d7" && letter !== "\u00f7") {
      expect(htmlLetterNames(letter)).toContain(written);
    }
  });

  // Of the 192 characters, × and ÷ are no letters, and HTML names neither
  // the long s (ſ) nor Ĕ ĕ ģ Ĭ ĭ Ŏ ŏ.
  it("names 182 of the 192 characters of Latin-1's letters and Latin Extended-A", () => {
    expect(LATIN.filter((letter) => htmlLetterNames(letter).length > 0)).toHaveLength(182);
  });

  it("names the three letters past them that HTML names: Ƶ ǵ ȷ", () => {
    for (const letter of ["\u01b5", "\u01f5", "\u0237"]) {
      const [name] = htmlLetterNames(letter);
      expect(decodeHTML(`&${name};`)).toBe(letter);
      expect(letterReferenceNames()).toContain(name);
    }
  });

  it("names nothing else", () => {
    for (const other of ["a", "&", "\u00a9", "\u0180", "\u03b1", "\u0430", "ab"]) {
      expect(htmlLetterNames(other)).toEqual([]);
    }
  });

  it("knows every name it gives, and no name of a character in ASCII", () => {
    const names = letterReferenceNames();
    for (const letter of LATIN)
      for (const name of htmlLetterNames(letter)) expect(names).toContain(name);
    for (const ascii of ["amp", "lt", "gt", "quot", "apos", "nbsp", "semi", "uuml;"]) {
      expect(names.has(ascii)).toBe(false);
    }
  });
});

describe("html4Named", () => {
  it("is Latin-1's letters and Œ œ Š š Ÿ (HTML 4.01's HTMLlat1 and HTMLspecial)", () => {
    const named = LATIN.filter(html4Named);
    const latin1 = LATIN.filter((letter) => letter <= "\u00ff" && !"\u00d7\u00f7".includes(letter));
    expect(named).toEqual([...latin1, "\u0152", "\u0153", "\u0160", "\u0161", "\u0178"]);
  });
});
