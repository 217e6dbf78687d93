import { isInvisibleCodePoint } from "./char-class.js";
import { once } from "./once.js";
import { PositionList } from "./position-list.js";

/**
 * A text's skeleton for finding names: each character as the ASCII one it
 * looks like where it has one, so that the account's and the repository's
 * names are found however they were typed or disguised (a Unicode dash or
 * space, fullwidth or accented letters, a Cyrillic or Greek letter that
 * looks Latin, an invisible character inside). Name matching runs on the
 * skeleton; the spans it finds are replaced in the original text.
 *
 * Per character (never across characters, so spans map back): a dash or
 * minus becomes `-`, a Unicode space or a character that shows as a blank
 * ` `, a middle dot or full stop `.`, a fullwidth form its ASCII character,
 * an invisible character or a combining mark nothing; any other letter
 * outside ASCII is decomposed (NFKD: `é` is `e` and a mark, `ﬁ` is `fi`,
 * `𝐚` is `a`), loses its combining marks, and is looked up in small letters
 * among the letters that look Latin (one table entry serves both cases of
 * most letters); a capital's fold is then in capitals, so camel case shows
 * where glued words start. Symbols and numbers stay as they are.
 */

/** Any UTF-16 code unit outside ASCII (a surrogate half too). */
export const NON_ASCII = /[\u0080-\uffff]/;
// The three below are made on first use: V8 builds a Unicode property's
// character set as it makes the regex (0.23 ms for the three), and a crash
// whose text is all ASCII never runs them.
export const combiningMarks = once(() => /\p{M}+/gu);
/** The combining marks right at `lastIndex`: they belong to the character before them. */
export const marksAt = once(() => /\p{M}+/uy);
/** One character that is a letter or a combining mark. */
export const letterOrMark = once(() => /^[\p{L}\p{M}]$/u);
/** The longest fold kept (`ﬃ` is ffi). */
const MAX_FOLD_UNITS = 4;

/** Whether `text` holds a character outside ASCII. */
export function hasNonAscii(text: string): boolean {
  return NON_ASCII.test(text);
}

/** Separators a name's words may be joined with, as the ASCII ones. */
const DOTS = [0xb7, 0x2027, 0x3002, 0x30fb];
const DASHES = [
  0x58a, 0x2d7, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2043, 0x2212, 0x2e3a, 0x2e3b,
  0xfe58, 0xfe63,
];
/** Spaces, and the characters that show as blanks (Hangul fillers, the Braille blank). */
const SPACES = [
  0x115f, 0x1160, 0x2800, 0x3164, 0xffa0, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
  0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x202f, 0x205f, 0x3000,
];

/**
 * Letters that look like Latin ones, by their lower-case form. The facts are
 * Unicode's confusables data (UTS #39, confusables.txt,
 * https://www.unicode.org/Public/security/latest/confusables.txt), kept to
 * Cyrillic and Greek letters and a few Latin ones, with two choices of ours:
 * a letter's two cases take one Latin letter (looked up in small letters, so
 * `Н`, which looks like H, makes `н` an h too; a capital that looks like
 * another letter than its small one has an entry of its own: Greek `Ν` is N
 * where `ν` is v),
 * and the letters written with a stroke or as a ligature, which NFKD leaves
 * whole, are their base letters (`ø` o, `ł` l, `ß` ss, `æ` ae).
 */
function lookalikeLetters(): (readonly [number, string])[] {
  // Made when first needed: a crash whose text is all ASCII never makes
  // these seventy pairs, nor keeps their code in its code cache.
  return [
    // Cyrillic: a, ve, ghe, ie, ka, em, en, o, er, es, te, u, ha, soft sign,
    // dze, byelorussian-ukrainian i, je, omega, izhitsa, straight u, shha,
    // abkhasian che, palochka, komi de, komi sje, qa, we.
    [0x430, "a"],
    [0x432, "b"],
    [0x433, "r"],
    [0x435, "e"],
    [0x43a, "k"],
    [0x43c, "m"],
    [0x43d, "h"],
    [0x43e, "o"],
    [0x440, "p"],
    [0x441, "c"],
    [0x442, "t"],
    [0x443, "y"],
    [0x445, "x"],
    [0x44c, "b"],
    [0x455, "s"],
    [0x456, "i"],
    [0x458, "j"],
    [0x461, "w"],
    [0x475, "v"],
    [0x4af, "y"],
    [0x4bb, "h"],
    [0x4bd, "e"],
    [0x4cf, "l"],
    [0x501, "d"],
    [0x50d, "g"],
    [0x51b, "q"],
    [0x51d, "w"],
    // Greek: alpha, beta, gamma, epsilon, zeta, eta, iota, kappa, nu, omicron,
    // rho, tau, upsilon, chi, lunate sigma, yot. Not sigma: its final form
    // and its capital would fold apart.
    [0x3b1, "a"],
    [0x3b2, "b"],
    [0x3b3, "y"],
    [0x3b5, "e"],
    [0x3b6, "z"],
    [0x3b7, "n"],
    [0x3b9, "i"],
    [0x3ba, "k"],
    [0x3bd, "v"],
    [0x3bf, "o"],
    [0x3c1, "p"],
    [0x3c4, "t"],
    [0x3c5, "u"],
    [0x3c7, "x"],
    [0x3f2, "c"],
    [0x3f3, "j"],
    // Capitals that look like another Latin letter than their small letter
    // does (checked before lower-casing): Greek eta, mu, nu, upsilon,
    // Cyrillic palochka.
    [0x397, "h"],
    [0x39c, "m"],
    [0x39d, "n"],
    [0x3a5, "y"],
    [0x4c0, "i"],
    // Latin small capitals.
    [0x1d00, "a"],
    [0x299, "b"],
    [0x1d05, "d"],
    [0x1d07, "e"],
    [0xa730, "f"],
    [0x262, "g"],
    [0x29c, "h"],
    [0x1d0a, "j"],
    [0x1d0b, "k"],
    [0x29f, "l"],
    [0x1d0d, "m"],
    [0x274, "n"],
    [0x1d18, "p"],
    [0x280, "r"],
    [0xa731, "s"],
    [0x1d1b, "t"],
    // Armenian oh.
    [0x585, "o"],
    // Latin: dotless i, alpha, script g, iota, small capitals I Y C O U V W Z.
    [0x131, "i"],
    [0x251, "a"],
    [0x261, "g"],
    [0x269, "i"],
    [0x26a, "i"],
    [0x28f, "y"],
    [0x1d04, "c"],
    [0x1d0f, "o"],
    [0x1d1c, "u"],
    [0x1d20, "v"],
    [0x1d21, "w"],
    [0x1d22, "z"],
    // Latin with a stroke, eth, sharp s, ligatures.
    [0xf8, "o"],
    [0x142, "l"],
    [0x111, "d"],
    [0xf0, "d"],
    [0x127, "h"],
    [0x167, "t"],
    [0x180, "b"],
    [0x268, "i"],
    [0xdf, "ss"],
    [0xe6, "ae"],
    [0x153, "oe"],
  ];
}

/** Built on the first text with a character outside ASCII. */
const lookalikes = once(() => {
  const table = new Map<number, string>(lookalikeLetters());
  for (const code of DASHES) table.set(code, "-");
  for (const code of SPACES) table.set(code, " ");
  for (const code of DOTS) table.set(code, ".");
  return table;
});

/**
 * Blocks whose characters decompose to no Latin, Greek or Cyrillic letter
 * (Hebrew to Mongolian, CJK, kana, Yi, Hangul, Hebrew and Arabic
 * presentation forms, whose ligatures decompose to up to 18 letters), surrogate
 * halves, private use, and every plane past the first two but the one of
 * tags and variation selectors: kept as they are without decomposing them.
 */
function keptAsIs(code: number): boolean {
  return (
    (code >= 0x590 && code <= 0x1a9f) ||
    (code >= 0x3040 && code <= 0x31ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0xa63f) ||
    (code >= 0xac00 && code <= 0xf8ff) ||
    (code >= 0xfb1d && code <= 0xfdff) ||
    (code >= 0xfe70 && code <= 0xfefe) ||
    (code >= 0x20000 && code <= 0xdffff) ||
    code >= 0xf0000
  );
}

/**
 * One character's fold, or null when it folds to itself. A capital's fold is
 * in capitals (`А`, Cyrillic, is `A`; `Ж`, which looks like no Latin letter,
 * stays `Ж`; `Ǆ` is `DZ`): matching ignores case, but a name glued in camel
 * case (`ИванПетровError`) is found only by its capitals.
 */
function foldCharacter(code: number): string | null {
  const folded = foldInSmallLetters(code);
  if (folded === null) return null;
  const char = String.fromCodePoint(code);
  // Beyond the first plane (Deseret, Adlam) a capital stays small: the name
  // patterns' case-insensitive match, without the `u` flag, does not pair
  // the two cases of a character written as two code units.
  if (code > 0xffff || char.toLowerCase() === char) return folded;
  const capitals = folded.toUpperCase();
  const kept = capitals.length === folded.length ? capitals : folded;
  return kept === char ? null : kept;
}

/** One character's fold with its letters in small letters, or null when it folds to itself. */
function foldInSmallLetters(code: number): string | null {
  const direct = lookalikes().get(code);
  if (direct !== undefined) return direct;
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  if (isInvisibleCodePoint(code)) return "";
  if (keptAsIs(code)) return null;
  const char = String.fromCodePoint(code);
  // Only letters and marks fold: a symbol or number whose decomposition
  // holds letters or digits (™ is TM, ² is 2, ① is 1) would glue itself to
  // a name beside it and hide it.
  if (!letterOrMark().test(char)) return null;
  const bare = char.normalize("NFKD").replace(combiningMarks(), "");
  let out = "";
  for (const piece of bare) {
    if (piece.charCodeAt(0) < 0x80) {
      out += piece;
      continue;
    }
    const lower = piece.toLowerCase();
    out += lookalikes().get(lower.codePointAt(0) ?? 0) ?? lower;
  }
  // A letter that decomposes to more than a few (none of them Latin) is no
  // spelling of a name: kept, so the skeleton stays about the text's size.
  return out === char || out.length > MAX_FOLD_UNITS ? null : out;
}

const UNKNOWN = 0;
const ITSELF = 1;
const ONE_UNIT = 2;
const OTHER = 3;

/**
 * The folds of the characters of the Basic Multilingual Plane met so far,
 * each worked out once per process: its kind, and the one code unit it
 * folds to (most folds) or the index of its fold in `other` (none, or more
 * than one unit). 192 KiB, made on the first text with a character outside
 * ASCII. Characters beyond it are worked out again per text (`astral` in
 * buildSkeleton): there are too many to keep.
 */
const bmpFolds = once(() => ({
  kind: new Uint8Array(0x10000),
  unit: new Uint16Array(0x10000),
  other: [] as string[],
}));

function bmpKind(code: number, folds: ReturnType<typeof bmpFolds>): number {
  const known = folds.kind[code] as number;
  if (known !== UNKNOWN) return known;
  const folded = foldCharacter(code);
  let kind = ITSELF;
  if (folded !== null && folded.length === 1) {
    kind = ONE_UNIT;
    folds.unit[code] = folded.charCodeAt(0);
  } else if (folded !== null) {
    kind = OTHER;
    folds.unit[code] = folds.other.length;
    folds.other.push(folded);
  }
  folds.kind[code] = kind;
  return kind;
}

/**
 * A text's skeleton and the way back to the original. The way back is a
 * list of segments, each starting at a skeleton index: a run where skeleton
 * and original advance together (ASCII, characters kept, and the folds of
 * one code unit to one, such as `а` to `a`), or the units of one character
 * that folded to another length (`ﬁ` to `fi`, `𝐚` to `a`), all of which
 * map to that character. A text with no character to fold (pure ASCII, or
 * only scripts that look like no Latin letter) is its own skeleton.
 */
export class Skeleton {
  private constructor(
    readonly original: string,
    readonly text: string,
    /** Where each segment starts in the skeleton, ascending; none: the identity. */
    private readonly segmentStarts: PositionList | undefined,
    /** Where it starts in the original; `~start` for one character's units. */
    private readonly segmentOrigins: PositionList | undefined,
  ) {}

  static of(original: string): Skeleton {
    const built = hasNonAscii(original) ? buildSkeleton(original) : undefined;
    if (built === undefined) return Skeleton.itself(original);
    return new Skeleton(original, built.text, built.starts, built.origins);
  }

  /** A text known to fold to itself as its own skeleton, without looking at it. */
  static itself(text: string): Skeleton {
    return new Skeleton(text, text, undefined, undefined);
  }

  /** Whether the skeleton is the text itself. */
  get isItself(): boolean {
    return this.segmentStarts === undefined;
  }

  /** Where the character of the skeleton unit at `at` starts in the original. */
  originalStart(at: number): number {
    const starts = this.segmentStarts;
    const origins = this.segmentOrigins;
    if (starts === undefined || origins === undefined) return at;
    let low = 0;
    let high = starts.length - 1;
    // The last segment that starts at or before `at`.
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts.data[middle] as number) <= at) low = middle;
      else high = middle - 1;
    }
    const origin = origins.data[low] as number;
    return origin < 0 ? ~origin : origin + (at - (starts.data[low] as number));
  }

  /**
   * Where a skeleton span ending at `at` ends in the original: after the
   * whole character it ends in (a match that ends inside `ﬁ` takes all of
   * it) and the combining marks on it; not after the format characters
   * that follow (a bidi mark closing an embedding stays).
   */
  originalEnd(at: number): number {
    if (this.segmentStarts === undefined) return at;
    const last = this.originalStart(at - 1);
    const high = this.original.charCodeAt(last);
    let end = last + (high >= 0xd800 && high <= 0xdbff ? 2 : 1);
    const marksPattern = marksAt();
    marksPattern.lastIndex = end;
    const marks = marksPattern.exec(this.original);
    if (marks !== null) end += marks[0].length;
    return end;
  }
}

/** Skeleton code units made into a string this many at a time (one argument list). */
const CHUNK_UNITS = 8192;

/** One buffer for every text: a skeleton is built in one synchronous pass. */
const chunkBuffer = once(() => new Uint16Array(CHUNK_UNITS));

/**
 * A skeleton as it is written, left to right, and its segments (see
 * Skeleton). The units go through one fixed buffer, made into a string a
 * chunk at a time, so a text of any size allocates no array of its length
 * but the string.
 */
class SkeletonWriter {
  private readonly buffer = chunkBuffer();
  private readonly pieces: string[] = [];
  private filled = 0;
  /** Units written. */
  private length = 0;
  /** `original index - skeleton index` in the current run; NaN after one character's units. */
  private delta = 0;
  readonly starts = new PositionList();
  readonly origins = new PositionList();

  constructor() {
    this.starts.push(0);
    this.origins.push(0);
  }

  /** A unit that runs with the original's, at `origin`. */
  run(unit: number, origin: number): void {
    if (origin - this.length !== this.delta) {
      this.starts.push(this.length);
      this.origins.push(origin);
      this.delta = origin - this.length;
    }
    this.put(unit);
  }

  /** The units of one character at `origin` that folded to another length. */
  whole(folded: string, origin: number): void {
    if (folded.length === 0) return;
    this.starts.push(this.length);
    this.origins.push(~origin);
    this.delta = Number.NaN;
    for (let k = 0; k < folded.length; k += 1) this.put(folded.charCodeAt(k));
  }

  text(): string {
    this.flush();
    return this.pieces.join("");
  }

  private put(unit: number): void {
    if (this.filled === CHUNK_UNITS) this.flush();
    this.buffer[this.filled] = unit;
    this.filled += 1;
    this.length += 1;
  }

  private flush(): void {
    const units = this.buffer.subarray(0, this.filled);
    this.pieces.push(String.fromCharCode.apply(null, units as unknown as number[]));
    this.filled = 0;
  }
}

/**
 * The skeleton of a text with a character outside ASCII and its segments
 * (see Skeleton), or undefined when no character folded. One pass.
 */
function buildSkeleton(
  original: string,
): { text: string; starts: PositionList; origins: PositionList } | undefined {
  const writer = new SkeletonWriter();
  const folds = bmpFolds();
  // Characters beyond the BMP, per text (see bmpFolds).
  const astral = new Map<number, string | null>();
  let changed = false;
  for (let i = 0; i < original.length; ) {
    const unit = original.charCodeAt(i);
    if (unit < 0x80) {
      writer.run(unit, i);
      i += 1;
      continue;
    }
    if (unit < 0xd800 || unit > 0xdfff) {
      const kind = bmpKind(unit, folds);
      if (kind === ITSELF) writer.run(unit, i);
      else if (kind === ONE_UNIT) writer.run(folds.unit[unit] as number, i);
      else writer.whole(folds.other[folds.unit[unit] as number] as string, i);
      changed ||= kind !== ITSELF;
      i += 1;
      continue;
    }
    // A surrogate: a character beyond the BMP, or a lone half (kept).
    const code = original.codePointAt(i) as number;
    const width = code > 0xffff ? 2 : 1;
    let folded = keptAsIs(code) ? null : astral.get(code);
    if (folded === undefined) {
      folded = foldCharacter(code);
      astral.set(code, folded);
    }
    if (folded === null) {
      for (let k = 0; k < width; k += 1) writer.run(original.charCodeAt(i + k), i + k);
    } else {
      writer.whole(folded, i);
      changed = true;
    }
    i += width;
  }
  if (!changed) return undefined;
  return { text: writer.text(), starts: writer.starts, origins: writer.origins };
}

/** A name's skeleton: how the name patterns spell it. */
export function foldName(name: string): string {
  return Skeleton.of(name).text;
}
