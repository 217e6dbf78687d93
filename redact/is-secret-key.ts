import { once } from "./once.js";
import { redactionToken } from "./redaction-token.js";

/**
 * What a key name (env variable, JSON/YAML/TOML/INI key, XML element or
 * attribute, header, CLI flag, query parameter) says about its value. Keys
 * are matched normalised to lower-case letters and digits, so API_KEY,
 * apiKey, api-key and x-api-key meet. The word lists follow Sentry's default
 * scrubbed fields (https://docs.sentry.io/security-legal-pii/scrubbing/server-side-scrubbing/)
 * and gitleaks' generic-api-key keywords (key, api, token, secret, client,
 * pat, password, auth).
 *
 * - `strong`: the value is a secret unless its structure says it cannot be
 *   one (value-shape.ts): password, secret, token...
 * - `weak`: the key only hints (key, signature, access, nonce...): the value
 *   must also look random (looks-random.ts), as gitleaks and GitGuardian
 *   require an entropy threshold for their generic rules.
 * - `code`: one-time codes and PINs, which are secrets even as digits.
 * - `phone`: the value is a phone number if it looks like one.
 */
export type KeyStrength = "strong" | "weak" | "code" | "phone";

export interface KeyVerdict {
  readonly strength: KeyStrength;
  /** Replacement class: PASSWORD, SECRET, COOKIE, SESSION_ID or PHONE. */
  readonly kind: string;
  /** The replacement text, `[REDACTED:<kind>]`. */
  readonly token: string;
}

const verdict = (strength: KeyStrength, kind: string): KeyVerdict => ({
  strength,
  kind,
  token: redactionToken(kind),
});

/** The verdicts there are; keyVerdict returns one of these. */
const PHONE_VERDICT = verdict("phone", "PHONE");
const CODE_VERDICT = verdict("code", "SECRET");
const WEAK_VERDICT = verdict("weak", "SECRET");
const STRONG_VERDICTS: Readonly<Record<string, KeyVerdict>> = Object.fromEntries(
  ["COOKIE", "PASSWORD", "SECRET", "SESSION_ID"].map((kind) => [kind, verdict("strong", kind)]),
);

// biome-ignore format: a word list
const STRONG_ANYWHERE = [
  "password", "passwd", "passwort", "passphrase", "secret", "token", "apikey", "accesskey",
  "privatekey", "privkey", "secretkey", "clientkey", "masterkey", "signingkey", "encryptionkey",
  "accountkey", "sharedaccesskey", "subscriptionkey", "licensekey", "credential", "cookie",
  "sessionid", "sessid", "sessionkey", "csrf", "xsrf", "authorization", "authkey", "jwt",
  "bearer", "connectionstring", "connstr", "databaseurl", "dburl", "mysqlpwd",
] as const;

/** Keys ending in one of these hold a secret (dbpass, bindpw, basicauth, sentrydsn, connect.sid, githubpat). */
const STRONG_SUFFIXES = [
  "pass",
  "pwd",
  "pw",
  "auth",
  "dsn",
  "session",
  "creds",
  "sig",
  "sid",
  "pat",
];

/** One-time codes and PINs: digits are the secret. */
const CODE_KEYS = ["otp", "totp", "hotp", "pin", "pincode", "passcode", "mfacode", "otpcode"];

// biome-ignore format: a word list
const PHONE_KEYS = ["phone", "phonenumber", "mobile", "mobilenumber", "mobilephone", "tel", "telephone", "cell", "cellphone", "msisdn", "fax"];

/** Words that only hint at a secret; the value has to look like one too. */
const WEAK_ANYWHERE = ["signature", "nonce", "hmac", "salt", "private", "licence", "license"];
const WEAK_SUFFIXES = ["key", "api", "access"];

/**
 * Keys that name something about a secret, not the secret: where it lives,
 * how long it lasts, what kind it is (`--password-file`, `token_url`,
 * `credentialsId`, `token_type`).
 */
// biome-ignore format: a word list
const METADATA_SUFFIXES = [
  "file", "path", "dir", "url", "uri", "endpoint", "length", "policy", "hint", "required",
  "enabled", "expiry", "expires", "expiresat", "expiresin", "ttl", "type", "name", "count",
  "prompt", "id", "ids", "ref", "version", "timeout", "format", "mode", "method", "header",
  "source", "provider", "scope", "scopes", "size", "limit", "store", "helper", "field", "label",
  "env", "var", "algorithm", "alg", "rotation", "location", "kind", "usage", "tokens", "error",
  "errors", "exception", "warning", "message", "msg", "status", "reason", "description",
  "detail", "details", "info",
] as const;

/** Words that contain a hint but hold counts, flags, names or UI state (LLM token counts, keyboard keys). */
// biome-ignore format: a word list
const EXCLUDED_PARTS = [
  "tokens", "tokenizer", "tokenize", "tokenlimit", "tokencount", "tokenusage", "tokentype",
  "author", "bypass", "compass", "passthrough", "passive", "passed", "passing", "passenger",
  "passport", "keyboard", "keyword", "keypress", "keydown", "keyup", "keycode", "hotkey",
  "monkey", "donkey", "turkey", "hockey", "jockey", "whiskey", "primarykey", "foreignkey",
  "partitionkey", "sortkey", "rowkey", "cachekey", "idempotencykey", "routingkey", "lookupkey",
  "dedupkey", "objectkey", "keyspace", "keyframe", "keys", "keychain", "keyring", "compat",
] as const;

/** A list of literal words as one regex: anywhere in the key, or at its end. */
const anywhere = (words: readonly string[]): RegExp => new RegExp(words.join("|"));
const atEnd = (words: readonly string[]): RegExp => new RegExp(`(?:${words.join("|")})$`);

/** The key tests, built on the first key a text names (a crash's names seldom do). */
const keyTests = once(() => ({
  codeKeys: new Set(CODE_KEYS),
  phoneKeys: new Set(PHONE_KEYS),
  strongAnywhere: anywhere(STRONG_ANYWHERE),
  strongSuffix: atEnd(STRONG_SUFFIXES),
  weak: new RegExp(`${WEAK_ANYWHERE.join("|")}|(?:${WEAK_SUFFIXES.join("|")})$`),
  metadata: atEnd(METADATA_SUFFIXES),
  excluded: anywhere(EXCLUDED_PARTS),
  stillSecret: /authoriz|(?:token|password|secret|pass|pwd)$/,
  public: /public|pubkey|publishable/,
  phoneSuffix: /(?:phone|phonenumber)$/,
  codeSuffix: /(?:otp|passcode)$/,
  session: /(?:sessionid|sessid|dburl|databaseurl)$/,
  /** `sid` as a whole word at the end of the key (connect.sid, SID), not "credentialsId". */
  sid: /(?:^|[^A-Za-z])sid$/i,
  kindPassword: /pass|pwd|pw$/,
  kindSecret: /token|secret|key/,
}));

const NOT_KEY_CHAR = /[^a-z0-9]/g;

export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(NOT_KEY_CHAR, "");
}

/** Every regex built here, for the ReDoS check. */
export function keyPatterns(): RegExp[] {
  const tests = keyTests();
  return [
    NOT_KEY_CHAR,
    ...Object.values(tests).filter((test): test is RegExp => test instanceof RegExp),
  ];
}

function kindOf(normalized: string): string {
  const tests = keyTests();
  if (normalized.includes("cookie")) return "COOKIE";
  if (tests.kindPassword.test(normalized) && !normalized.includes("passcode")) return "PASSWORD";
  if (tests.kindSecret.test(normalized)) return "SECRET";
  if (normalized.includes("sess") || normalized.endsWith("sid")) return "SESSION_ID";
  return "SECRET";
}

/** What the key says about its value, or undefined for a key that holds no secret. */
export function keyVerdict(key: string): KeyVerdict | undefined {
  const normalized = normalizeKey(key);
  if (normalized.length === 0 || normalized.length > 100) return undefined;
  const tests = keyTests();
  if (tests.public.test(normalized)) return undefined;
  if (tests.phoneKeys.has(normalized) || tests.phoneSuffix.test(normalized)) {
    return PHONE_VERDICT;
  }
  if (tests.codeKeys.has(normalized) || tests.codeSuffix.test(normalized)) {
    return CODE_VERDICT;
  }
  // "authorization" contains "author"; "authortoken" still holds a token.
  if (tests.excluded.test(normalized) && !tests.stillSecret.test(normalized)) return undefined;
  // Ids and other metadata name no secret, except session ids and database URLs.
  if (tests.metadata.test(normalized) && !tests.session.test(normalized) && !tests.sid.test(key)) {
    return undefined;
  }
  if (tests.strongAnywhere.test(normalized) || tests.strongSuffix.test(normalized)) {
    return STRONG_VERDICTS[kindOf(normalized)];
  }
  if (tests.weak.test(normalized)) return WEAK_VERDICT;
  return undefined;
}
