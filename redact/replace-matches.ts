/** Running count of redactions made while scrubbing one value. */
export interface RedactionCounter {
  count: number;
}

/**
 * Replace every match of a global regex by what `replace` returns for it; a
 * `undefined` result keeps the match. Counts replacements that changed the text.
 */
export function replaceMatches(
  text: string,
  pattern: RegExp,
  replace: (match: RegExpExecArray) => string | undefined,
  counter: RedactionCounter,
): string {
  pattern.lastIndex = 0;
  let out = "";
  let last = 0;
  let match = pattern.exec(text);
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
    match = pattern.exec(text);
  }
  pattern.lastIndex = 0;
  return last === 0 ? text : out + text.slice(last);
}

/** A span of `text` to replace, found by a hand-written scanner. */
export interface Span {
  start: number;
  end: number;
  replacement: string;
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
