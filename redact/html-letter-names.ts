import { isLetterCode } from "./char-class.js";
import { once } from "./once.js";

// HTML's named character references for Latin letters outside ASCII
// (`&uuml;` for ü, `&Lstrok;` for Ł), from the names the HTML standard
// gives them (https://html.spec.whatwg.org/multipage/named-characters.html).
// Most are the base letter and its mark's name, which is how they are made
// here from each letter's decomposition; the rest are listed. HTML 4.01
// named only Latin-1's letters and a few more, and pages written by its
// rules (PHP's htmlentities, for one) leave the other letters as they are.

// The tables are made on first use: a crash of text with no such name or
// reference never reads them.

/** A combining mark's name in HTML's letter names (`Agrave`, `Ccaron`). */
const markNames = once(
  (): Readonly<Record<string, string>> => ({
    "\u0300": "grave",
    "\u0301": "acute",
    "\u0302": "circ",
    "\u0303": "tilde",
    "\u0304": "macr",
    "\u0306": "breve",
    "\u0307": "dot",
    "\u0308": "uml",
    "\u030a": "ring",
    "\u030b": "dblac",
    "\u030c": "caron",
    "\u0327": "cedil",
    "\u0328": "ogon",
  }),
);

/** Letters whose names are not made from a mark, or not only (ı has two: `imath`, `inodot`). */
const otherNames = once(
  (): Readonly<Record<string, readonly string[]>> => ({
    "\u00c5": ["Aring", "angst"],
    "\u00c6": ["AElig"],
    "\u00e6": ["aelig"],
    "\u00d0": ["ETH"],
    "\u00f0": ["eth"],
    "\u00de": ["THORN"],
    "\u00fe": ["thorn"],
    "\u00df": ["szlig"],
    "\u00d8": ["Oslash"],
    "\u00f8": ["oslash"],
    "\u0152": ["OElig"],
    "\u0153": ["oelig"],
    "\u0132": ["IJlig"],
    "\u0133": ["ijlig"],
    "\u013f": ["Lmidot"],
    "\u0140": ["lmidot"],
    "\u014a": ["ENG"],
    "\u014b": ["eng"],
    "\u0110": ["Dstrok"],
    "\u0111": ["dstrok"],
    "\u0126": ["Hstrok"],
    "\u0127": ["hstrok"],
    "\u0141": ["Lstrok"],
    "\u0142": ["lstrok"],
    "\u0166": ["Tstrok"],
    "\u0167": ["tstrok"],
    "\u0131": ["imath", "inodot"],
    "\u0138": ["kgreen"],
    "\u0149": ["napos"],
    // Past Latin Extended-A, the few HTML names.
    "\u01b5": ["imped"],
    "\u01f5": ["gacute"],
    "\u0237": ["jmath"],
  }),
);

/** Letters with a mark that HTML gives no name: Ĕ ĕ ģ Ĭ ĭ Ŏ ŏ. */
const UNNAMED = "\u0114\u0115\u0123\u012c\u012d\u014e\u014f";

/** The letters HTML 4.01 named beyond Latin-1's: Œ œ Š š Ÿ. */
const HTML4_EXTRA = "\u0152\u0153\u0160\u0161\u0178";

/** Latin-1 Supplement and Latin Extended-A: where HTML names letters by their marks. */
const FIRST_LETTER = 0xc0;
const LAST_LETTER = 0x17f;

/** The names HTML gives `letter`, none for a letter it does not name. */
export function htmlLetterNames(letter: string): readonly string[] {
  const others = otherNames();
  const listed = Object.hasOwn(others, letter) ? others[letter] : undefined;
  if (listed !== undefined) return listed;
  const point = letter.codePointAt(0) ?? 0;
  if (
    letter.length !== 1 ||
    point < FIRST_LETTER ||
    point > LAST_LETTER ||
    UNNAMED.includes(letter)
  ) {
    return [];
  }
  const decomposed = letter.normalize("NFD");
  const mark = markNames()[decomposed.slice(1)];
  return decomposed.length === 2 && isLetterCode(decomposed.charCodeAt(0)) && mark !== undefined
    ? [decomposed.charAt(0) + mark]
    : [];
}

/** Whether HTML 4.01 named `letter` (Latin-1's letters, and Œ œ Š š Ÿ). */
export function html4Named(letter: string): boolean {
  return (
    ((letter.codePointAt(0) ?? 0) <= 0xff || HTML4_EXTRA.includes(letter)) &&
    htmlLetterNames(letter).length > 0
  );
}

/** Every name HTML gives a letter outside ASCII, for telling `&uuml;` from `&amp;`. */
export const letterReferenceNames = once(() => {
  const names = new Set(Object.values(otherNames()).flat());
  for (let point = FIRST_LETTER; point <= LAST_LETTER; point += 1) {
    for (const name of htmlLetterNames(String.fromCharCode(point))) names.add(name);
  }
  return names;
});
