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
 * Spans to replace, kept in three parallel arrays rather than one object
 * each: a dense input has a redaction every 8-12 characters, and 100,000
 * objects alive until the text is rebuilt cost more collecting than finding.
 */
export class SpanList {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly replacements: string[] = [];

  get length(): number {
    return this.starts.length;
  }

  add(start: number, end: number, replacement: string): void {
    this.starts.push(start);
    this.ends.push(end);
    this.replacements.push(replacement);
  }

  /** Apply the spans, which are sorted by start (one overlapping an earlier one is dropped); counts each one. */
  apply(text: string, counter: RedactionCounter): string {
    if (this.starts.length === 0) return text;
    let out = "";
    let last = 0;
    for (let i = 0; i < this.starts.length; i += 1) {
      const start = this.starts[i] as number;
      if (start < last) continue;
      out += text.slice(last, start) + (this.replacements[i] as string);
      last = this.ends[i] as number;
      counter.count += 1;
    }
    return out + text.slice(last);
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
