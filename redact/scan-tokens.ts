import { ALNUM, type CharClass, charClass, inClass, isBoundary } from "./char-class.js";
import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { TOKEN_RULES, type TokenRule } from "./token-rules.js";

interface CompiledRule {
  index: number;
  rule: TokenRule;
  prefix: string;
  body: CharClass;
  replacement: string;
}

/**
 * Rules indexed by the first two characters of their prefix, so the scan does
 * one table lookup per character and compares prefixes only where one can start.
 */
function compile(rules: readonly TokenRule[]): Array<CompiledRule[] | undefined> {
  const table: Array<CompiledRule[] | undefined> = new Array(128 * 128);
  let index = 0;
  for (const rule of rules) {
    const body = charClass(rule.body);
    for (const prefix of rule.prefixes) {
      const key = prefix.charCodeAt(0) * 128 + prefix.charCodeAt(1);
      const entry = { index, rule, prefix, body, replacement: redactionToken(rule.kind) };
      index += 1;
      const list = table[key] ?? [];
      list.push(entry);
      // Longest prefix first, so sk-proj- wins over sk-; rule order breaks ties.
      list.sort((a, b) => b.prefix.length - a.prefix.length);
      table[key] = list;
    }
  }
  return table;
}

const TABLE = compile(TOKEN_RULES);
/** 1 where TABLE has rules: a typed array is a cheaper first test than a holey array. */
const HAS_RULES = Uint8Array.from(TABLE, (entry) => (entry === undefined ? 0 : 1));
const ENTRY_COUNT = TOKEN_RULES.reduce((sum, rule) => sum + rule.prefixes.length, 0);

/**
 * End of the token starting at `start`, or -1 when `entry` does not match there.
 * `retryFrom[entry]` is where the entry's last failed body run ended: a start
 * before it lies inside that run, and is not scanned again (keeps the pass linear
 * on inputs such as "eyJ.eyJ.eyJ..." where every position begins a long run).
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
  const fits =
    length >= rule.min &&
    (rule.max === undefined || (length <= rule.max && !inClass(ALNUM, text.charCodeAt(end)))) &&
    (rule.check === undefined || rule.check(text.slice(start, end)));
  if (fits) return end;
  retryFrom[entry.index] = end;
  return -1;
}

/**
 * Replace every provider token in one left-to-right pass. Each character is
 * visited a bounded number of times: a match jumps past the token, a miss
 * moves one character on after at most one body run per candidate rule, and a
 * body run never crosses a character outside the token alphabet.
 */
export function scanTokens(text: string, counter: RedactionCounter): string {
  let out = "";
  let last = 0;
  const n = text.length - 1;
  let i = 0;
  const retryFrom = new Int32Array(ENTRY_COUNT);
  while (i < n) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const key = (c0 | c1) < 128 ? c0 * 128 + c1 : 0;
    const candidates = HAS_RULES[key] === 1 ? TABLE[key] : undefined;
    if (candidates !== undefined) {
      let matched = -1;
      let replacement = "";
      for (const entry of candidates) {
        matched = matchAt(text, i, entry, retryFrom);
        if (matched !== -1) {
          replacement = entry.replacement;
          break;
        }
      }
      if (matched !== -1) {
        out += text.slice(last, i) + replacement;
        last = matched;
        counter.count += 1;
        i = matched;
        continue;
      }
    }
    i += 1;
  }
  return last === 0 ? text : out + text.slice(last);
}
