/** Running count of redactions made while scrubbing one value. */
export interface RedactionCounter {
  count: number;
}

import { type CharClass, inClass } from "./char-class.js";

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
  pattern.lastIndex = 0;
  let out = "";
  let last = 0;
  let match = execNotAfter(pattern, text, notAfter);
  while (match !== null) {
    const start = match.index;
    const end = start + match[0].length;
    const replacement = replace(match);
    if (replacement !== undefined && replacement !== match[0]) {
      out += text.slice(last, start) + replacement;
      last = end;
      counter.count += 1;
    }
    // An empty match must still advance, or exec would return it forever.
    pattern.lastIndex = end === start ? end + 1 : end;
    match = execNotAfter(pattern, text, notAfter);
  }
  pattern.lastIndex = 0;
  return last === 0 ? text : out + text.slice(last);
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

/**
 * The scrubbed text, written as spans are found, left to right: a span
 * that starts before the previous one's end is dropped. Nothing is kept
 * per span, so a text with a redaction every few characters costs no
 * more than the pieces of its output.
 */
export class SpanWriter {
  private out = "";
  private last = 0;
  private written = false;
  /** Spans offered so far, dropped ones too. */
  offered = 0;

  constructor(
    private readonly text: string,
    private readonly counter: RedactionCounter,
  ) {}

  add(start: number, end: number, replacement: string): void {
    this.offered += 1;
    if (start < this.last) return;
    this.out += this.text.slice(this.last, start) + replacement;
    this.last = end;
    this.written = true;
    this.counter.count += 1;
  }

  /** The text with every span written. */
  finish(): string {
    return this.written ? this.out + this.text.slice(this.last) : this.text;
  }
}

/** Apply non-overlapping spans sorted by start; counts each one. */
export function applySpans(text: string, spans: Span[], counter: RedactionCounter): string {
  if (spans.length === 0) return text;
  let out = "";
  let last = 0;
  for (const span of spans) {
    if (span.start < last) continue;
    out += text.slice(last, span.start) + span.replacement;
    last = span.end;
    counter.count += 1;
  }
  return out + text.slice(last);
}

/**
 * Which alternative of a finder matched: the index of the first of `names`
 * (its alternatives' named groups, in order) that took part, or -1.
 */
export function matchedAlternative(match: RegExpExecArray, names: readonly string[]): number {
  const groups = match.groups;
  if (groups === undefined) return -1;
  for (let i = 0; i < names.length; i += 1) {
    if (groups[names[i] as string] !== undefined) return i;
  }
  return -1;
}
