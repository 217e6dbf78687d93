/**
 * Whether a value looks machine-generated, the test secret scanners apply to
 * values their generic rules find by position: Shannon entropy over the
 * value's characters above a threshold that depends on its alphabet, as
 * detect-secrets does (HexHighEntropyString limit 3.0, Base64HighEntropyString
 * 4.5; https://github.com/Yelp/detect-secrets) and trufflehog did for strings
 * over 20 characters. Short values cannot reach 4.5 bits per character, so
 * the threshold is scaled to the most a string of that length can have
 * (log2 of its length), the way gitleaks' generic-api-key rule accepts 3.5
 * bits for 10-150 characters.
 */
export function shannonEntropy(value: string): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** Every pattern here, for the ReDoS check. */
export function looksRandomPatterns(): RegExp[] {
  return [HEX_ONLY, TOKEN_CHARS, WORDS];
}

const HEX_ONLY = /^[0-9a-fA-F]+$/;
const SENTENCE_END = new Set([".", ",", ";", ":", "!", "?", ")"]);

/** The value without the punctuation a sentence puts after it. */
function withoutSentenceEnd(value: string): string {
  let end = value.length;
  while (end > 0 && SENTENCE_END.has(value[end - 1] ?? "")) end -= 1;
  return value.slice(0, end);
}
const TOKEN_CHARS = /^[A-Za-z0-9+/=_.~:%-]+$/;
/** Letters and word separators only: identifiers and prose, not keys. */
const WORDS = /^[A-Za-z._ -]+$/;

/** A random-looking credential of 16+ characters in a key's position. */
export function looksRandom(value: string): boolean {
  if (value.length < 16 || value.length > 4096 || !TOKEN_CHARS.test(value)) return false;
  if (WORDS.test(value)) return false;
  const entropy = shannonEntropy(value);
  if (HEX_ONLY.test(value)) return entropy >= 3.0;
  const classes =
    Number(/[a-z]/.test(value)) + Number(/[A-Z]/.test(value)) + Number(/[0-9]/.test(value));
  return classes >= 2 && entropy >= Math.min(4.5, 0.85 * Math.log2(value.length));
}

/**
 * A password typed by a person, in prose ("your password is Tr0ub4dor&3"):
 * six or more characters with a letter and a digit or a symbol, no spaces.
 * Dictionary words ("incorrect", "missing") stay.
 */
export function looksLikePassword(value: string): boolean {
  if (value.length < 6 || value.length > 256 || /\s/.test(value)) return false;
  if (!/[A-Za-z]/.test(value)) return false;
  return /[0-9]/.test(value) || /[^A-Za-z0-9]/.test(withoutSentenceEnd(value));
}
