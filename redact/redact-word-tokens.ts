import { redactionToken } from "./redaction-token.js";
import { applySpans, type RedactionCounter, type Span } from "./replace-matches.js";
import type { Anchors } from "./scan-tokens.js";
import { WORD_TOKEN_RULES, type WordTokenRule } from "./word-token-rules.js";

/** Each rule's pattern, tried at one position: compiled when the scan first finds its anchor. */
const stickyByRule: Array<RegExp | undefined> = [];
const stickyOf = (index: number): RegExp =>
  (stickyByRule[index] ??= new RegExp(
    (WORD_TOKEN_RULES[index] as WordTokenRule).pattern.source,
    "y",
  ));
const REPLACEMENTS = WORD_TOKEN_RULES.map((rule) => redactionToken(rule.kind));

/** Every match of a rule's regex over the whole text (a rule without an anchor offset). */
function allMatches(index: number, text: string, spans: Span[]): void {
  const rule = WORD_TOKEN_RULES[index] as WordTokenRule;
  const replacement = REPLACEMENTS[index] as string;
  rule.pattern.lastIndex = 0;
  for (let m = rule.pattern.exec(text); m !== null; m = rule.pattern.exec(text)) {
    spans.push({ start: m.index, end: m.index + m[0].length, replacement });
  }
  rule.pattern.lastIndex = 0;
}

/**
 * Replace the prefix-less credentials (word-token-rules.ts) of the text the
 * token scan returned, trying each rule where the scan found its anchor.
 */
export function redactWordTokens(anchors: Anchors, counter: RedactionCounter): string {
  const { text, words } = anchors;
  if (words.length === 0) return text;
  const spans: Span[] = [];
  const ranWhole = new Set<number>();
  let from = 0;
  for (let k = 0; k < words.length; k += 2) {
    const at = words.data[k] as number;
    const index = words.data[k + 1] as number;
    const offset = WORD_TOKEN_RULES[index]?.anchor.offset;
    if (offset === undefined) {
      if (!ranWhole.has(index)) allMatches(index, text, spans);
      ranWhole.add(index);
      continue;
    }
    const start = at - offset;
    if (start < from) continue;
    const sticky = stickyOf(index);
    sticky.lastIndex = start;
    if (!sticky.test(text)) continue;
    spans.push({ start, end: sticky.lastIndex, replacement: REPLACEMENTS[index] as string });
    from = sticky.lastIndex;
  }
  return applySpans(
    text,
    spans.sort((a, b) => a.start - b.start),
    counter,
  );
}
