/** Running count of redactions made while scrubbing one value. */
export interface RedactionCounter {
  count: number;
}

import { type CharClass, inClass } from "./char-class.js";
import type { Skeleton } from "./fold-lookalikes.js";
import type { PositionList } from "./position-list.js";

/**
 * Replace every match of a global regex by what `replace` returns for it; a
 * `undefined` result keeps the match. Counts replacements that changed the text.
 *
 * `notAfter` does what a leading one-character negative lookbehind would: a
 * match right after one of its characters is passed over and the search
 * goes on from the next position. V8 cannot skip ahead to a pattern's first
 * literal when a lookbehind comes first, and tries the lookbehind at every
 * position instead, which made such stages several times slower.
 */
export function replaceMatches(
  text: string,
  pattern: RegExp,
  replace: (match: RegExpExecArray) => string | undefined,
  counter: RedactionCounter,
  notAfter?: CharClass,
): string {
  const writer = new SpanWriter(text, counter);
  eachMatch(text, pattern, notAfter, (match, start, end) => {
    const replacement = replace(match);
    if (replacement !== undefined && replacement !== match[0]) writer.add(start, end, replacement);
  });
  return writer.finish();
}

/**
 * replaceMatches for a pattern run on a text's skeleton (fold-lookalikes.ts):
 * each match becomes `replacement` over the characters of the original it
 * came from, whole characters, unless `keep` says to keep that span.
 */
export function replaceSkeletonMatches(
  skeleton: Skeleton,
  pattern: RegExp,
  replacement: string,
  counter: RedactionCounter,
  keep: (start: number, end: number) => boolean = () => false,
): string {
  const writer = new SpanWriter(skeleton.original, counter);
  eachMatch(skeleton.text, pattern, undefined, (_match, start, end) => {
    const from = skeleton.originalStart(start);
    const to = skeleton.originalEnd(end);
    if (!keep(from, to)) writer.add(from, to, replacement);
  });
  return writer.finish();
}

/** Every match of a global regex, left to right, not right after a `notAfter` character. */
function eachMatch(
  text: string,
  pattern: RegExp,
  notAfter: CharClass | undefined,
  use: (match: RegExpExecArray, start: number, end: number) => void,
): void {
  pattern.lastIndex = 0;
  let match = execNotAfter(pattern, text, notAfter);
  while (match !== null) {
    const start = match.index;
    const end = start + match[0].length;
    use(match, start, end);
    // An empty match must still advance, or exec would return it forever.
    pattern.lastIndex = end === start ? end + 1 : end;
    match = execNotAfter(pattern, text, notAfter);
  }
  pattern.lastIndex = 0;
}

/**
 * The next match of a global regex from its `lastIndex` that does not start
 * right after a `notAfter` character (see replaceMatches).
 */
export function execNotAfter(
  pattern: RegExp,
  text: string,
  notAfter?: CharClass,
): RegExpExecArray | null {
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const start = match.index;
    if (notAfter === undefined || start === 0 || !inClass(notAfter, text.charCodeAt(start - 1))) {
      return match;
    }
    pattern.lastIndex = start + 1;
  }
  return null;
}

/** A span of `text` to replace, found by a hand-written scanner. */
export interface Span {
  start: number;
  end: number;
  replacement: string;
}

/** Pieces joined into one string at a time (see SpanWriter). */
const CHUNK_PIECES = 512;

/**
 * The scrubbed text, written as spans are found, left to right: a span
 * that starts before the previous one's end is dropped. Nothing is kept
 * per span, and the output is joined a few hundred pieces at a time: a
 * text with a redaction every few characters would otherwise grow a tree
 * of hundreds of thousands of string nodes, which every young-generation
 * collection copies until the text is read.
 */
export class SpanWriter {
  private pieces: string[] | undefined;
  private chunks: string[] | undefined;
  private last = 0;
  /** Spans offered so far, dropped ones too. */
  offered = 0;

  constructor(
    private readonly text: string,
    private readonly counter: RedactionCounter,
  ) {}

  add(start: number, end: number, replacement: string): void {
    this.offered += 1;
    if (start < this.last) return;
    this.pieces ??= [];
    this.pieces.push(this.text.slice(this.last, start), replacement);
    this.last = end;
    this.counter.count += 1;
    if (this.pieces.length >= CHUNK_PIECES) {
      this.chunks ??= [];
      this.chunks.push(this.pieces.join(""));
      this.pieces.length = 0;
    }
  }

  /** The text with every span written. */
  finish(): string {
    if (this.pieces === undefined) return this.text;
    this.pieces.push(this.text.slice(this.last));
    const tail = this.pieces.join("");
    if (this.chunks === undefined) return tail;
    this.chunks.push(tail);
    return this.chunks.join("");
  }
}

/** Apply non-overlapping spans sorted by start; counts each one. */
export function applySpans(text: string, spans: Span[], counter: RedactionCounter): string {
  if (spans.length === 0) return text;
  const writer = new SpanWriter(text, counter);
  for (const span of spans) writer.add(span.start, span.end, span.replacement);
  return writer.finish();
}

/**
 * The matches of a sticky pattern tried only at `positions` (ascending, as
 * the token scan found them), not right after a `notAfter` character, left
 * to right: `use` takes each and returns where the next may start.
 */
export function eachMatchAt(
  text: string,
  positions: PositionList,
  pattern: RegExp,
  notAfter: CharClass,
  use: (match: RegExpExecArray, end: number) => number,
): void {
  let resume = 0;
  for (let k = 0; k < positions.length; k += 1) {
    const at = positions.data[k] as number;
    if (at < resume || (at > 0 && inClass(notAfter, text.charCodeAt(at - 1)))) continue;
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (match !== null) resume = use(match, pattern.lastIndex);
  }
}
