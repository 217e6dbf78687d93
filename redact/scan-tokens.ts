import { isDocumentationExample } from "./documentation-examples.js";
import { MAX_HINT } from "./key-hints.js";
import { PAIR_ENTRY, pairEntry, RULE_COUNT, THIRD_SETS, type WordAnchor } from "./pair-table.js";
import { PositionList } from "./position-list.js";
import { wholeTokenEnd } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { type Found, tokenAt } from "./token-at.js";

/**
 * What later stages look for, found by the token scan in the text it
 * returns: positions in `text`, ascending. A stage whose input is still
 * `text` tries its rules only there; one whose input changed since calls
 * `findAnchors` on it.
 */
export interface Anchors {
  readonly text: string;
  /** Where a secret-key hint starts (key-hints.ts), outside replacement tokens. */
  readonly hints: PositionList;
  /** Where an HTTP auth scheme's name starts (redact-auth-schemes.ts), in any letter case. */
  readonly schemes: PositionList;
  /** Where a tool's name starts (tool-names.ts), wherever it stands. */
  readonly tools: PositionList;
  /** Where a word-token rule's anchor starts, each followed by the rule's index. */
  readonly words: PositionList;
  /** Which protocol-command literals occur followed by a blank, one bit each (redact-protocol-commands.ts). */
  readonly commands: number;
}

/** Whether a word-token anchor that is no literal starts at `i`. */
function wordAt(text: string, i: number, word: WordAnchor): boolean {
  if (word.guardAt !== -1 && text.charCodeAt(i + word.guardAt) !== word.guard) return false;
  word.at.lastIndex = i;
  return word.at.test(text);
}

/**
 * Whether one of `tails` follows at `at` and ends by `limit`, ASCII letters
 * in any case (tails are lower-case letters).
 */
function tailAt(text: string, at: number, tails: readonly string[], limit: number): boolean {
  for (const tail of tails) {
    if (at + tail.length > limit) continue;
    let k = 0;
    while (k < tail.length && (text.charCodeAt(at + k) | 0x20) === tail.charCodeAt(k)) k += 1;
    if (k === tail.length) return true;
  }
  return false;
}

/**
 * Drop the hints noted that a token replaced from `start` on cuts short:
 * in the scrubbed text a hint there ends at the token, or is none. Only the
 * last few can reach it (no hint is longer than MAX_HINT).
 */
function dropCutHints(text: string, hints: PositionList, shift: number, start: number): void {
  let from = hints.length;
  while (from > 0 && (hints.data[from - 1] as number) - shift > start - MAX_HINT) from -= 1;
  let kept = from;
  for (let k = from; k < hints.length; k += 1) {
    const at = (hints.data[k] as number) - shift;
    const pair = PAIR_ENTRY[(text.charCodeAt(at) << 7) | text.charCodeAt(at + 1)] as number;
    const tails = pairEntry(pair).hintTails;
    if (at + 2 > start || !tailAt(text, at + 2, tails, start)) continue;
    hints.data[kept] = hints.data[k] as number;
    kept += 1;
  }
  hints.length = kept;
}

/**
 * Replace every provider token, left to right, and note the later stages'
 * anchors on the way (as positions in the returned text). Each character is
 * visited a bounded number of times: a match skips the text inside the
 * token, and a failed body run is never rescanned by the same rule
 * (`retryFrom`). Per character the scan reads one pair of characters and
 * one table entry; everything else happens only where a pair leads to
 * something.
 */
export function scanTokens(text: string, counter: RedactionCounter): Anchors {
  return scan(text, counter);
}

/** The anchors of a text whose tokens are already replaced. */
export function findAnchors(text: string): Anchors {
  return scan(text, undefined);
}

/**
 * The first position from `from` where an ASCII pair starts that leads to
 * something with the character after it (any non-ASCII one passes), or
 * -1. The loop every character goes through, kept apart so it holds only
 * what it needs.
 */
function nextPair(text: string, from: number): number {
  const table = PAIR_ENTRY;
  const thirds = THIRD_SETS;
  const last = text.length - 1;
  let second = text.charCodeAt(from);
  for (let i = from; i < last; i += 1) {
    const first = second;
    second = text.charCodeAt(i + 1);
    if ((first | second) >= 128) continue;
    const entry = table[(first << 7) | second] as number;
    if (entry === 0) continue;
    const third = text.charCodeAt(i + 2);
    if (
      third >= 128 ||
      (((thirds[entry * 4 + (third >> 5)] as number) >>> (third & 31)) & 1) === 1
    ) {
      return i;
    }
  }
  return -1;
}

function scan(text: string, counter: RedactionCounter | undefined): Anchors {
  const hints = new PositionList();
  const schemes = new PositionList();
  const tools = new PositionList();
  const words = new PositionList();
  let retryFrom: Int32Array | undefined;
  const found: Found = { end: 0 };
  let out = "";
  let last = 0;
  /** Output position minus input position, for what comes after the last replacement. */
  let shift = 0;
  /** No token is tried before this: inside a documentation example, which is kept. */
  let tokensFrom = 0;
  /** No hint is noted before this: inside a replacement token (its class is no key). */
  let hintsFrom = 0;
  let commands = 0;
  for (let i = nextPair(text, 0); i !== -1; i = nextPair(text, i + 1)) {
    const index = PAIR_ENTRY[(text.charCodeAt(i) << 7) | text.charCodeAt(i + 1)] as number;
    const pair = pairEntry(index);
    if (counter !== undefined && pair.rules.length > 0 && i >= tokensFrom) {
      retryFrom ??= new Int32Array(RULE_COUNT);
      const rule = tokenAt(text, i, pair, retryFrom, found);
      if (rule !== undefined) {
        const end = found.end;
        if (isDocumentationExample(text.slice(i, end))) {
          tokensFrom = end;
        } else {
          dropCutHints(text, hints, shift, i);
          out += text.slice(last, i) + rule.replacement;
          last = end;
          shift = out.length - last;
          counter.count += 1;
          i = end - 1;
          continue;
        }
      }
    }
    if (
      pair.hintTails.length > 0 &&
      i >= hintsFrom &&
      tailAt(text, i + 2, pair.hintTails, text.length)
    ) {
      hints.push(i + shift);
    }
    if (pair.schemeTails.length > 0 && tailAt(text, i + 2, pair.schemeTails, text.length)) {
      schemes.push(i + shift);
    }
    if (pair.tools.length > 0) {
      for (const name of pair.tools) {
        if (!text.startsWith(name, i)) continue;
        tools.push(i + shift);
        break;
      }
    }
    for (const word of pair.words) {
      if (word.literal !== undefined ? !text.startsWith(word.literal, i) : !wordAt(text, i, word)) {
        continue;
      }
      words.push(i + shift);
      words.push(word.rule);
      break;
    }
    for (const command of pair.commands) {
      if (!text.startsWith(command.literal, i)) continue;
      const after = text.charCodeAt(i + command.literal.length);
      if (after === 0x20 || after === 0x09) commands |= command.bit;
    }
    if (pair.tokenStart) {
      const end = wholeTokenEnd(text, i);
      // Without provider tokens to find, a replacement token holds nothing to note.
      if (end !== -1 && counter === undefined) i = end - 1;
      else hintsFrom = Math.max(hintsFrom, end);
    }
  }
  return {
    text: last === 0 ? text : out + text.slice(last),
    hints,
    schemes,
    tools,
    words,
    commands,
  };
}
