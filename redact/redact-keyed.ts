import { charClass, inClass } from "./char-class.js";
import { cookieValueSpans } from "./cookie-values.js";
import { type KeyVerdict, keyVerdict } from "./is-secret-key.js";
import { findValue, Shape } from "./keyed-value.js";
import type { PositionList } from "./position-list.js";
import { proseSecretAt } from "./redact-free-text.js";
import { isCleanToken, TOKEN_PREFIX } from "./redaction-token.js";
import { type RedactionCounter, SpanWriter } from "./replace-matches.js";
import { isSecretUnder } from "./value-shape.js";

const KEY_CHARS = charClass("A-Za-z0-9_.-");
const CODE_FILE =
  /\.(?:[cm]?[jt]sx?|json|py|go|rs|rb|java|kt|swift|c|h|cc|cpp|cs|php|sh|ya?ml|toml|md|txt|lock|log|d\.ts|map|node|wasm)$/i;
const MAX_KEY_LENGTH = 100;

/**
 * Redact the value of every secret-keyed assignment: env (`TOKEN=x`,
 * `export PGPASSWORD='x'`, `NAME<TAB>VALUE` tables), JSON (`"api_key": "x"`,
 * escaped `\"token\":\"x\"`), YAML (`password: x`, block scalars), TOML and
 * INI (`password = "x"`), JS/Python/Ruby/PHP/Go dumps (`{ secret: 'x' }`,
 * `:secret=>"x"`, `{Password:x}`), query strings (`?access_token=x&`),
 * headers (`X-Api-Key: x`, cookies one by one), XML elements and attributes
 * (`<password>x</password>`, `<add key="ClearTextPassword" value="x"/>`),
 * CLI flags (`--password x`, `--token=x`) and `.netrc` lines. The key
 * stays; the value goes unless its structure says it is no secret
 * (value-shape.ts), and under a weak key only if it looks random
 * (looks-random.ts). Where a hint has no value assigned, prose that names a
 * secret (`the password is x`, redact-free-text.ts) is looked for instead.
 * `hints` are where the token scan found a key hint (key-hints.ts), outside
 * replacement tokens. Left to right, never revisiting text before the last
 * value.
 */
export function redactKeyed(text: string, hints: PositionList, counter: RedactionCounter): string {
  const writer = new SpanWriter(text, counter);
  const verdicts = new Verdicts();
  let floor = 0;
  let from = 0;
  for (let k = 0; k < hints.length; k += 1) {
    const hit = hints.data[k] as number;
    if (hit < from) continue;
    const offered = writer.offered;
    let next = redactAt(text, hit, floor, writer, verdicts);
    // No value assigned here: the hint may start prose that names a secret.
    const prose = writer.offered === offered ? proseSecretAt(text, hit) : undefined;
    if (prose !== undefined) {
      writer.add(prose.start, prose.end, prose.replacement);
      next = Math.max(next, prose.end);
    }
    floor = Math.max(floor, next);
    from = Math.max(next, hit + 1);
  }
  return writer.finish();
}

/**
 * Verdicts worked out once per call: keys repeat within a text (every JSON
 * log line has the same ones, every cookie header the same names), and a
 * verdict costs a dozen regex tests.
 */
class Verdicts {
  private readonly keys = new Map<string, KeyVerdict | undefined>();
  private readonly cookies = new Map<string, KeyVerdict | undefined>();

  /** A keyed value's key; a file name (`token.ts`) is none. */
  ofKey(key: string): KeyVerdict | undefined {
    return remember(this.keys, key, (k) => (CODE_FILE.test(k) ? undefined : keyVerdict(k)));
  }

  readonly ofCookie = (name: string): KeyVerdict | undefined =>
    remember(this.cookies, name, keyVerdict);
}

function remember<T>(cache: Map<string, T>, key: string, compute: (key: string) => T): T {
  if (cache.has(key)) return cache.get(key) as T;
  const value = compute(key);
  cache.set(key, value);
  return value;
}

/** Handle one hint; returns where scanning may resume. */
function redactAt(
  text: string,
  hit: number,
  floor: number,
  writer: SpanWriter,
  verdicts: Verdicts,
): number {
  // Token counts (max_tokens, input_tokens) fill LLM tools' logs and name no secret.
  if (isTokensWord(text, hit)) return hit + 6;
  let keyStart = hit;
  while (keyStart > floor && inClass(KEY_CHARS, text.charCodeAt(keyStart - 1))) keyStart -= 1;
  let keyEnd = hit;
  while (keyEnd < text.length && inClass(KEY_CHARS, text.charCodeAt(keyEnd))) keyEnd += 1;
  if (keyEnd - keyStart > MAX_KEY_LENGTH) return keyEnd;
  const before = text.charCodeAt(keyStart - 1);
  // A path segment ("/src/token.ts:12"), not a key.
  if (before === 0x2f || before === 0x5c) return keyEnd;
  const key = text.slice(keyStart, keyEnd);
  const found = findValue(text, key, keyStart, keyEnd);
  if (found === undefined) return keyEnd;
  const verdict = verdicts.ofKey(key);
  if (verdict === undefined) return keyEnd;
  const { value } = found;
  const replacement = verdict.token;
  if (verdict.kind === "COOKIE" && found.shape === Shape.Line) {
    cookieValueSpans(text, value.start, value.end, replacement, verdicts.ofCookie, writer);
    return Math.max(value.end, keyEnd);
  }
  const raw = text.slice(value.start, value.end);
  // An Authorization value an auth stage already took apart (Digest parameters).
  const handled = found.shape === Shape.Line && raw.includes(TOKEN_PREFIX);
  if (value.end > value.start && !handled && !isCleanToken(raw) && isSecretUnder(verdict, raw)) {
    writer.add(value.start, value.end, replacement);
    return Math.max(value.end, keyEnd);
  }
  // Kept: keys inside the value (`key="ClearTextPassword"`) are looked at next.
  return keyEnd;
}

/** "tokens" at `hit`, not followed by a letter. */
function isTokensWord(text: string, hit: number): boolean {
  if ((text.charCodeAt(hit) | 0x20) !== 0x74 || (text.charCodeAt(hit + 5) | 0x20) !== 0x73) {
    return false;
  }
  const after = text.charCodeAt(hit + 6) | 0x20;
  return !(after >= 0x61 && after <= 0x7a) && /^token/i.test(text.slice(hit, hit + 5));
}
