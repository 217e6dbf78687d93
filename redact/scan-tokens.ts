import { ALNUM, type CharClass, charClass, inClass, isBoundary } from "./char-class.js";
import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { TOKEN_RULES, type TokenRule } from "./token-rules.js";

interface CompiledRule {
  index: number;
  /** Third and fourth prefix characters (-1 when the prefix is shorter), compared before startsWith. */
  c2: number;
  c3: number;
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
      const entry = {
        index,
        c2: prefix.length > 2 ? prefix.charCodeAt(2) : -1,
        c3: prefix.length > 3 ? prefix.charCodeAt(3) : -1,
        rule,
        prefix,
        body,
        replacement: redactionToken(rule.kind),
      };
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
/**
 * For each two-character key, a 128-bit set of the third characters any of its
 * prefixes can continue with (all bits for two-character prefixes): four
 * 32-bit words per key. Filters out most pair hits ("sk" in "task", "ey" in
 * "key") before any prefix is compared.
 */
const THIRD = new Uint32Array(128 * 128 * 4);
for (const rule of TOKEN_RULES) {
  for (const prefix of rule.prefixes) {
    const base = ((prefix.charCodeAt(0) << 7) | prefix.charCodeAt(1)) * 4;
    if (prefix.length === 2) {
      THIRD.fill(0xffffffff, base, base + 4);
    } else {
      const third = prefix.charCodeAt(2);
      THIRD[base + (third >> 5)] = (THIRD[base + (third >> 5)] ?? 0) | (1 << (third & 31));
    }
  }
}
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
 * Index of the next position at or after `from` where some rule's prefix may
 * start (its first three characters fit), or -1. Kept tiny so the engine optimises it well: one
 * character read and one table probe per position.
 */
function nextCandidate(text: string, from: number): number {
  const last = text.length - 1;
  if (from >= last) return -1;
  const length = text.length;
  let c0 = text.charCodeAt(from);
  let c1 = text.charCodeAt(from + 1);
  for (let i = from; i < last; i += 1) {
    const c2 = i + 2 < length ? text.charCodeAt(i + 2) : 0;
    if ((c0 | c1) < 128) {
      const third = c2 & 127;
      const word = THIRD[(((c0 << 7) | c1) << 2) | (third >> 5)] as number;
      if ((word & (1 << (third & 31))) !== 0) return i;
    }
    c0 = c1;
    c1 = c2;
  }
  return -1;
}

/**
 * Replace every provider token in one left-to-right pass. Each character is
 * visited a bounded number of times: a match jumps past the token, a miss
 * moves one character on, and a failed body run is never rescanned by the
 * same rule (`retryFrom`).
 */
export function scanTokens(text: string, counter: RedactionCounter): string {
  let out = "";
  let last = 0;
  let retryFrom: Int32Array | undefined;
  let i = nextCandidate(text, 0);
  while (i !== -1) {
    const candidates = TABLE[(text.charCodeAt(i) << 7) | text.charCodeAt(i + 1)] ?? [];
    retryFrom ??= new Int32Array(ENTRY_COUNT);
    let matched = -1;
    let replacement = "";
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    for (const entry of candidates) {
      if ((entry.c2 !== -1 && entry.c2 !== c2) || (entry.c3 !== -1 && entry.c3 !== c3)) continue;
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
      i = nextCandidate(text, matched);
    } else {
      i = nextCandidate(text, i + 1);
    }
  }
  return last === 0 ? text : out + text.slice(last);
}
