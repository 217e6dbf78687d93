import { ALNUM, inClass, isBoundary } from "./char-class.js";
import type { CompiledRule, PairEntry } from "./pair-table.js";

/**
 * End of the token starting at `start`, or -1 when `entry` does not match there.
 * `retryFrom[entry.index]` is where the entry's last failed body run ended: a
 * start before it lies inside that run and is not scanned again, which keeps
 * the pass linear on inputs such as "eyJ.eyJ.eyJ..." where every position
 * begins a long run.
 */
function matchAt(text: string, start: number, entry: CompiledRule, retryFrom: Int32Array): number {
  const { rule, prefix, body } = entry;
  if (start < (retryFrom[entry.index] as number)) return -1;
  if (!text.startsWith(prefix, start)) return -1;
  if (rule.boundary === true && !isBoundary(text, start)) return -1;
  const bodyStart = start + prefix.length;
  let end = bodyStart;
  while (end < text.length && inClass(body, text.charCodeAt(end))) end += 1;
  const length = end - bodyStart;
  if (rule.shape !== undefined && length >= rule.min) {
    rule.shape.lastIndex = start;
    if (rule.shape.test(text)) return rule.shape.lastIndex;
  }
  const fits =
    rule.shape === undefined &&
    length >= rule.min &&
    (rule.max === undefined || (length <= rule.max && !inClass(ALNUM, text.charCodeAt(end)))) &&
    (rule.check === undefined || rule.check(text.slice(start, end)));
  if (fits) return end;
  retryFrom[entry.index] = end;
  return -1;
}

/** Where a token found by `tokenAt` ends. */
export interface Found {
  end: number;
}

/** The provider rule whose token starts at `i`, among the pair's, or undefined; its end goes to `found`. */
export function tokenAt(
  text: string,
  i: number,
  pair: PairEntry,
  retryFrom: Int32Array,
  found: Found,
): CompiledRule | undefined {
  const third = text.charCodeAt(i + 2);
  const fourth = text.charCodeAt(i + 3);
  for (const rule of pair.rules) {
    if (
      (rule.third !== -1 && rule.third !== third) ||
      (rule.fourth !== -1 && rule.fourth !== fourth)
    )
      continue;
    const end = matchAt(text, i, rule, retryFrom);
    if (end === -1) continue;
    found.end = end;
    return rule;
  }
  return undefined;
}
