import { charClass } from "./char-class.js";
import { latin1Bytes } from "./latin1-bytes.js";
import { TOKEN_RULES } from "./token-rules.js";

/**
 * Words that secret keys are made of (PASSWORD, api_key, x-auth-token...);
 * a key is looked at only where one of them occurs, in any letter case.
 * Every hint is lower-case ASCII letters.
 */
export const KEY_HINTS: readonly string[] = [
  "pass",
  "pwd",
  "pw",
  "secret",
  "token",
  "key",
  "auth",
  "cred",
  "cookie",
  "sess",
  "sid",
  "csrf",
  "xsrf",
  "jwt",
  "bearer",
  "dsn",
  "sig",
  "otp",
  "conn",
  "dburl",
];

/**
 * Literals whose absence lets a stage skip its regex: one bit each in
 * `Prescan.found`. Found in the same pass as everything else, which is much
 * cheaper than one `includes` per literal when the literal is missing (a
 * missing literal whose first character is common, such as "://" or
 * "machine", costs `includes` a full search of the text).
 */
export const Trigger = {
  /** redact-url-credentials.ts */
  UrlScheme: 1 << 0,
  JdbcThin: 1 << 1,
  /** redact-word-tokens.ts */
  DiscordWebhook: 1 << 2,
  TelegramToken: 1 << 3,
  AzureSecret: 1 << 4,
  MailchimpKey: 1 << 5,
  TerraformToken: 1 << 6,
  /** redact-cli-credentials.ts: `-u`, `--user`, `--proxy-user` all contain "-u". */
  UserFlag: 1 << 7,
  Netrc: 1 << 8,
  /** redact-auth-schemes.ts, any letter case. */
  AuthScheme: 1 << 9,
} as const;

interface Literal {
  readonly text: string;
  /** Match ASCII letters in either case. */
  readonly fold: boolean;
  /** Trigger bit, or 0 for a key hint (whose positions are kept). */
  readonly trigger: number;
}

const LITERALS: readonly Literal[] = [
  ...KEY_HINTS.map((text) => ({ text, fold: true, trigger: 0 })),
  { text: "://", fold: false, trigger: Trigger.UrlScheme },
  { text: ":thin:", fold: false, trigger: Trigger.JdbcThin },
  { text: "/api/webhooks/", fold: false, trigger: Trigger.DiscordWebhook },
  { text: ":AA", fold: false, trigger: Trigger.TelegramToken },
  { text: "Q~", fold: false, trigger: Trigger.AzureSecret },
  { text: "-us", fold: false, trigger: Trigger.MailchimpKey },
  { text: ".atlasv1.", fold: false, trigger: Trigger.TerraformToken },
  { text: "-u", fold: false, trigger: Trigger.UserFlag },
  { text: "machine", fold: false, trigger: Trigger.Netrc },
  ...["bearer", "basic", "negotiate", "ntlm"].map((text) => ({
    text,
    fold: true,
    trigger: Trigger.AuthScheme,
  })),
];

/**
 * What later stages need, found in one pass over the text:
 * `tokenStarts`: positions where a provider-token prefix may start (its first
 * three characters fit some prefix; scan-tokens.ts confirms);
 * `hintStarts`: positions where a key hint starts (redact-keyed.ts widens
 * each to its key); `found`: the `Trigger` bits of the literals present.
 */
export interface Prescan {
  readonly tokenStarts: readonly number[];
  readonly hintStarts: readonly number[];
  readonly found: number;
}

/**
 * Token prefixes and literals together, one byte per pair, indexed by
 * first << 8 | second: the table the pass probes at every position (one load).
 */
const ANY_PAIR_BYTES = new Uint8Array(1 << 16);

function addPair(first: number, second: number): void {
  ANY_PAIR_BYTES[(first << 8) | second] = 1;
}

/**
 * Per ASCII pair in use, a 128-bit set of third characters (all bits when
 * two characters suffice). Pairs map to slots so the tables stay small
 * (16 KiB + 4 KiB) and cache-resident: only a few hundred pairs occur.
 * Slot 0 is never given out and its set stays empty, so a pair the set has
 * no entry for fits no third character.
 */
interface ThirdSet {
  readonly slotOf: Uint8Array;
  readonly bits: Uint32Array;
  slots: number;
}

const MAX_SLOTS = 255;

function thirdSet(): ThirdSet {
  return {
    slotOf: new Uint8Array(128 * 128),
    bits: new Uint32Array((MAX_SLOTS + 1) * 4),
    slots: 0,
  };
}

/** The slot of a pair's third-character set, given one on first use. */
function slotFor(set: ThirdSet, first: number, second: number): number {
  const pair = (first << 7) | second;
  let slot = set.slotOf[pair] as number;
  if (slot === 0) {
    set.slots += 1;
    if (set.slots > MAX_SLOTS) throw new Error("prescan: too many prefix pairs for the slot table");
    slot = set.slots;
    set.slotOf[pair] = slot;
  }
  return slot;
}

/** Adds one third character, or with `undefined` every character (two characters suffice). */
function addThird(set: ThirdSet, first: number, second: number, third: number | undefined): void {
  const base = slotFor(set, first, second) * 4;
  if (third === undefined) {
    set.bits.fill(0xffffffff, base, base + 4);
    return;
  }
  set.bits[base + (third >> 5)] = (set.bits[base + (third >> 5)] ?? 0) | (1 << (third & 31));
}

/** Adds every member of `words` (a 128-bit set, see classWords). */
function addThirds(set: ThirdSet, first: number, second: number, words: Uint32Array): void {
  const base = slotFor(set, first, second) * 4;
  for (let k = 0; k < 4; k += 1) {
    set.bits[base + k] = (set.bits[base + k] as number) | (words[k] as number);
  }
}

/** `first` and `second` must be ASCII (callers probe a pair set first). */
function thirdFits(set: ThirdSet, first: number, second: number, third: number): boolean {
  const t = third & 127;
  const slot = set.slotOf[(first << 7) | second] as number;
  return (((set.bits[(slot << 2) | (t >> 5)] as number) >>> (t & 31)) & 1) === 1;
}

/** For a folded ASCII letter its other case, else -1. */
function otherCase(code: number, fold: boolean): number {
  const lower = code | 0x20;
  if (!fold || lower < 0x61 || lower > 0x7a) return -1;
  return code === lower ? code & ~0x20 : lower;
}

/** A char-class table as the four 32-bit words of a third-character set. */
function classWords(chars: Uint8Array): Uint32Array {
  const words = new Uint32Array(4);
  for (let code = 0; code < 128; code += 1) {
    if (chars[code] === 1) words[code >> 5] = (words[code >> 5] as number) | (1 << (code & 31));
  }
  return words;
}

// The tables are built at every start that scrubs, crashes included, in
// V8's interpreter: indexed loops and no temporary arrays (for...of and
// spreads there allocate per step; this took ~145 KB and ~0.5 ms before).
const TOKEN_THIRD = thirdSet();
/** Third characters of token prefixes and literals together. */
const ANY_THIRD = thirdSet();
for (let r = 0; r < TOKEN_RULES.length; r += 1) {
  const rule = TOKEN_RULES[r] as (typeof TOKEN_RULES)[number];
  // What can follow a prefix's first two characters: its third, or for a
  // two-character prefix the first body character (every rule needs at
  // least one, so "NT" in "NODE_ENV" or "NT:" is not a Discord candidate).
  let body: Uint32Array | undefined;
  for (let p = 0; p < rule.prefixes.length; p += 1) {
    const prefix = rule.prefixes[p] as string;
    const first = prefix.charCodeAt(0);
    const second = prefix.charCodeAt(1);
    addPair(first, second);
    if (prefix.length > 2) {
      addThird(TOKEN_THIRD, first, second, prefix.charCodeAt(2));
      addThird(ANY_THIRD, first, second, prefix.charCodeAt(2));
    } else {
      body ??= classWords(charClass(rule.body));
      addThirds(TOKEN_THIRD, first, second, body);
      addThirds(ANY_THIRD, first, second, body);
    }
  }
}

/** Literals by the exact codes of their first two characters (every case variant listed). */
const LITERALS_AT = new Map<number, Literal[]>();
for (let l = 0; l < LITERALS.length; l += 1) {
  const literal = LITERALS[l] as Literal;
  const { text, fold } = literal;
  // i, j = 0: the character as written; 1: its other case (when folded).
  for (let i = 0; i < 2; i += 1) {
    const a = i === 0 ? text.charCodeAt(0) : otherCase(text.charCodeAt(0), fold);
    if (a < 0) continue;
    for (let j = 0; j < 2; j += 1) {
      const b = j === 0 ? text.charCodeAt(1) : otherCase(text.charCodeAt(1), fold);
      if (b < 0) continue;
      addPair(a, b);
      if (text.length > 2) {
        addThird(ANY_THIRD, a, b, text.charCodeAt(2));
        const c = otherCase(text.charCodeAt(2), fold);
        if (c >= 0) addThird(ANY_THIRD, a, b, c);
      } else {
        addThird(ANY_THIRD, a, b, undefined);
      }
      const key = (a << 8) | b;
      const list = LITERALS_AT.get(key);
      if (list === undefined) LITERALS_AT.set(key, [literal]);
      else list.push(literal);
    }
  }
}

/** Whether `literal` occurs in the text at `at` (read from the text, not the truncated bytes). */
function literalAt(text: string, at: number, literal: Literal): boolean {
  const { text: expected, fold } = literal;
  if (at + expected.length > text.length) return false;
  for (let k = 0; k < expected.length; k += 1) {
    const code = text.charCodeAt(at + k);
    const want = expected.charCodeAt(k);
    if (code !== want && !(fold && (code | 0x20) === want && code >= 0x41 && code <= 0x5a)) {
      return false;
    }
  }
  return true;
}

interface MutablePrescan {
  tokenStarts: number[];
  hintStarts: number[];
  found: number;
}

/** Append what starts at positions [from, to) of the text to `into`. */
function scanRange(
  text: string,
  bytes: Uint8Array,
  from: number,
  to: number,
  into: MutablePrescan,
): void {
  const { tokenStarts, hintStarts } = into;
  let found = into.found;
  const last = bytes.length - 1;
  const end = Math.min(to, last);
  let c1 = from < bytes.length ? (bytes[from] as number) : 0;
  for (let i = from; i < end; i += 1) {
    const c0 = c1;
    c1 = bytes[i + 1] as number;
    if (ANY_PAIR_BYTES[(c0 << 8) | c1] === 0) continue;
    const third = i + 2 <= last ? (bytes[i + 2] as number) : 0;
    if (!thirdFits(ANY_THIRD, c0, c1, third)) continue;
    if (thirdFits(TOKEN_THIRD, c0, c1, third)) tokenStarts.push(i);
    const literals = LITERALS_AT.get((c0 << 8) | c1);
    if (literals === undefined) continue;
    let hint = false;
    for (const literal of literals) {
      if (!literalAt(text, i, literal)) continue;
      found |= literal.trigger;
      hint ||= literal.trigger === 0;
    }
    if (hint) hintStarts.push(i);
  }
  into.found = found;
}

function scan(text: string): Prescan {
  const result: MutablePrescan = { tokenStarts: [], hintStarts: [], found: 0 };
  scanRange(text, latin1Bytes(text), 0, text.length, result);
  return result;
}

/** How far past a position its verdict reads: the longest literal (token candidates read three). */
const REACH = Math.max(3, ...LITERALS.map((literal) => literal.text.length));

/** Old [start, end) of the text was replaced by `length` characters. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly length: number;
}

/**
 * The scan of the text made by applying `edits` (sorted, not overlapping) to
 * a text whose scan is `old`, without rescanning it whole: positions whose
 * verdict reads only unedited text are kept (shifted), and a window around
 * each edit is scanned again. Positions come out exactly as a full scan's;
 * `found` may keep a trigger whose only occurrence an edit removed, which
 * only lets a stage run a regex that then finds nothing.
 */
export function rebase(old: Prescan, text: string, edits: readonly Edit[]): Prescan {
  const bytes = latin1Bytes(text);
  const result: MutablePrescan = { tokenStarts: [], hintStarts: [], found: old.found };
  const lists = [
    { from: old.tokenStarts, into: result.tokenStarts, next: 0 },
    { from: old.hintStarts, into: result.hintStarts, next: 0 },
  ];
  /** Copy old positions (shifted by delta) while `keep(old position)`. */
  const copyWhile = (delta: number, keep: (position: number) => boolean): void => {
    for (const list of lists) {
      while (list.next < list.from.length && keep(list.from[list.next] as number)) {
        list.into.push((list.from[list.next] as number) + delta);
        list.next += 1;
      }
    }
  };
  const skipWhile = (keep: (position: number) => boolean): void => {
    for (const list of lists) {
      while (list.next < list.from.length && keep(list.from[list.next] as number)) list.next += 1;
    }
  };
  let delta = 0;
  let scannedTo = 0;
  for (const edit of edits) {
    const newStart = edit.start + delta;
    const windowFrom = Math.max(scannedTo, newStart - REACH + 1, 0);
    copyWhile(delta, (position) => position + delta < windowFrom);
    skipWhile((position) => position < edit.end);
    scanRange(text, bytes, windowFrom, newStart + edit.length, result);
    scannedTo = newStart + edit.length;
    delta += edit.length - (edit.end - edit.start);
  }
  copyWhile(delta, () => true);
  return result;
}

/** One-entry cache: consecutive stages usually see the same unchanged text. */
let lastText: string | undefined;
let lastScan: Prescan = { tokenStarts: [], hintStarts: [], found: 0 };

export function prescan(text: string): Prescan {
  if (text !== lastText) {
    lastScan = scan(text);
    lastText = text;
  }
  return lastScan;
}

/**
 * Tell the cache that `edited` is `original` with `edits` applied, so a
 * stage that rewrote the text does not cost the next stage a full scan.
 */
export function noteEdits(original: string, edited: string, edits: readonly Edit[]): void {
  if (original !== lastText || edits.length === 0) return;
  lastScan = rebase(lastScan, edited, edits);
  lastText = edited;
}

/** Whether the trigger literal occurs in `text`. */
export function hasTrigger(text: string, trigger: number): boolean {
  return (prescan(text).found & trigger) !== 0;
}
