import { ALNUM, type CharClass, charClass, inClass, isBoundary } from "./char-class.js";
import { type Edit, noteEdits, prescan } from "./prescan.js";
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
 * Rules by the first two characters of their prefix (first << 7 | second),
 * so a candidate compares only the prefixes that can start there. Built
 * once per process, on the crash path too: a Map and one sort per pair.
 */
function compile(rules: readonly TokenRule[]): Map<number, CompiledRule[]> {
  const table = new Map<number, CompiledRule[]>();
  let index = 0;
  // Indexed loops: this runs in V8's interpreter at every start that scrubs.
  for (let r = 0; r < rules.length; r += 1) {
    const rule = rules[r] as TokenRule;
    const body = charClass(rule.body);
    const replacement = redactionToken(rule.kind);
    for (let p = 0; p < rule.prefixes.length; p += 1) {
      const prefix = rule.prefixes[p] as string;
      const key = (prefix.charCodeAt(0) << 7) | prefix.charCodeAt(1);
      const entry = {
        index,
        c2: prefix.length > 2 ? prefix.charCodeAt(2) : -1,
        c3: prefix.length > 3 ? prefix.charCodeAt(3) : -1,
        rule,
        prefix,
        body,
        replacement,
      };
      index += 1;
      const list = table.get(key);
      if (list === undefined) table.set(key, [entry]);
      else list.push(entry);
    }
  }
  // Longest prefix first, so sk-proj- wins over sk-; rule order breaks ties (sort is stable).
  for (const list of table.values()) {
    if (list.length > 1) list.sort((a, b) => b.prefix.length - a.prefix.length);
  }
  return table;
}

const TABLE = compile(TOKEN_RULES);
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
 * Replace every provider token, left to right over the positions where a
 * prefix may start (prescan.ts). Each character is visited a bounded number
 * of times: a match skips the candidates inside the token, and a failed body
 * run is never rescanned by the same rule (`retryFrom`).
 */
export function scanTokens(text: string, counter: RedactionCounter): string {
  let out = "";
  let last = 0;
  let retryFrom: Int32Array | undefined;
  const edits: Edit[] = [];
  for (const i of prescan(text).tokenStarts) {
    // Inside a token already replaced.
    if (i < last) continue;
    const candidates = TABLE.get((text.charCodeAt(i) << 7) | text.charCodeAt(i + 1)) ?? [];
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
      edits.push({ start: i, end: matched, length: replacement.length });
      last = matched;
      counter.count += 1;
    }
  }
  if (last === 0) return text;
  const result = out + text.slice(last);
  noteEdits(text, result, edits);
  return result;
}
