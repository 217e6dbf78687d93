import { ALNUM, type CharClass, charClass, inClass, isBoundary } from "./char-class.js";
import { isDocumentationExample } from "./documentation-examples.js";
import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { TOKEN_RULES, type TokenRule } from "./token-rules.js";

interface CompiledRule {
  index: number;
  /** Third and fourth prefix characters (-1 past its end), compared before startsWith. */
  third: number;
  fourth: number;
  rule: TokenRule;
  prefix: string;
  body: CharClass;
  replacement: string;
}

const pairKey = (first: number, second: number): number => (first << 7) | second;

/**
 * Rules by the first two characters of their prefix, longest prefix first
 * (sk-proj- before sk-): `PAIR_LIST[pair]` is 1 + the index of the pair's
 * list in `LISTS`, 0 for pairs no prefix starts with (one byte per ASCII
 * pair, the scan's per-position test).
 */
const PAIR_LIST = new Uint8Array(1 << 14);
const LISTS: CompiledRule[][] = [];
/**
 * Per list, the third characters its prefixes allow (a 128-bit set, four
 * words; all bits for a two-character prefix, whose body follows): most
 * pairs in ordinary text ("se", "do", "sh") go no further than this.
 */
const THIRDS: number[] = [];
let entries = 0;
for (const rule of TOKEN_RULES) {
  const body = charClass(rule.body);
  const replacement = redactionToken(rule.kind);
  for (const prefix of rule.prefixes) {
    const key = pairKey(prefix.charCodeAt(0), prefix.charCodeAt(1));
    if (PAIR_LIST[key] === 0) {
      PAIR_LIST[key] = LISTS.push([]);
      THIRDS.push(0, 0, 0, 0);
    }
    const index = (PAIR_LIST[key] as number) - 1;
    const list = LISTS[index] as CompiledRule[];
    if (prefix.length === 2) THIRDS.fill(-1, index * 4, index * 4 + 4);
    else {
      const third = prefix.charCodeAt(2);
      THIRDS[index * 4 + (third >> 5)] =
        (THIRDS[index * 4 + (third >> 5)] as number) | (1 << (third & 31));
    }
    const third = prefix.length > 2 ? prefix.charCodeAt(2) : -1;
    const fourth = prefix.length > 3 ? prefix.charCodeAt(3) : -1;
    list.push({ index: entries, third, fourth, rule, prefix, body, replacement });

    entries += 1;
  }
}
// Stable sort: rule order breaks ties.
for (const list of LISTS) list.sort((a, b) => b.prefix.length - a.prefix.length);

/**
 * End of the token starting at `start`, or -1 when `entry` does not match there.
 * `retryFrom[entry]` is where the entry's last failed body run ended: a start
 * before it lies inside that run and is not scanned again, which keeps the
 * pass linear on inputs such as "eyJ.eyJ.eyJ..." where every position
 * begins a long run.
 */
function matchAt(text: string, start: number, entry: CompiledRule, retryFrom: Int32Array): number {
  const { rule, prefix, body } = entry;
  if (start < (retryFrom[entry.index] ?? 0)) return -1;
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

/**
 * Replace every provider token, left to right. Each character is visited a
 * bounded number of times: a match skips the text inside the token, and a
 * failed body run is never rescanned by the same rule (`retryFrom`).
 */
export function scanTokens(text: string, counter: RedactionCounter): string {
  let out = "";
  let last = 0;
  let retryFrom: Int32Array | undefined;
  let second = text.charCodeAt(0);
  for (let i = 0; i < text.length - 1; i += 1) {
    const first = second;
    second = text.charCodeAt(i + 1);
    if (first >= 128 || second >= 128) continue;
    const list = PAIR_LIST[pairKey(first, second)] as number;
    if (list === 0) continue;
    const third = text.charCodeAt(i + 2);
    const bits = third < 128 ? (THIRDS[(list - 1) * 4 + (third >> 5)] as number) : 0;
    if (((bits >>> (third & 31)) & 1) === 0) continue;
    const candidates = LISTS[list - 1] as CompiledRule[];
    retryFrom ??= new Int32Array(entries);
    const fourth = text.charCodeAt(i + 3);
    for (const entry of candidates) {
      if (
        (entry.third !== -1 && entry.third !== third) ||
        (entry.fourth !== -1 && entry.fourth !== fourth)
      )
        continue;
      const end = matchAt(text, i, entry, retryFrom);
      if (end === -1) continue;
      if (!isDocumentationExample(text.slice(i, end))) {
        out += text.slice(last, i) + entry.replacement;
        last = end;
        counter.count += 1;
      }
      i = end - 1;
      second = text.charCodeAt(end);
      break;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}
