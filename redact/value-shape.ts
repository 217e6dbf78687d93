import { isDocumentationExample } from "./documentation-examples.js";
import type { KeyStrength, KeyVerdict } from "./is-secret-key.js";
import { looksRandom } from "./looks-random.js";
import { once } from "./once.js";

/**
 * Values that cannot be a secret whatever key they sit under: what a crash
 * shows for configuration that is off, unset, elsewhere or already hidden.
 * Each pattern matches the whole (trimmed) value and is bounded.
 */
// biome-ignore format: a word list
const notSecretWords = once(() => new Set([
  "true", "false", "yes", "no", "on", "off", "null", "nil", "none", "undefined", "nan",
  "enabled", "disabled", "required", "optional", "auto", "default", "inherit", "unset", "empty",
  "bearer", "basic", "digest", "token", "oauth", "oauth2", "oidc", "saml", "ntlm", "kerberos",
  "negotiate", "anonymous", "jwt", "hmac", "apikey", "api_key", "password", "session", "cookie",
  "redacted", "filtered", "hidden", "masked", "removed", "omitted", "secret", "expired", "invalid",
  "missing", "changeme", "example", "dummy", "placeholder", "todo", "tbd", "xxx", "...",
]));

/**
 * Shapes of whole values, without anchors: joined into one anchored
 * alternation per letter-case mode, so a value is tested in one regex run
 * whose first-character checks drop most alternatives at once.
 */
const shapes = (): RegExp[] => [
  // Masked or redacted already: ***, ••••, xxxxxxxx, sk-...a1b2, ****abcd.
  /\*+|\u2022+|x{3,}|X{3,}|\.{3}|\u2026/,
  /[A-Za-z0-9_-]{0,12}(?:\.{3}|\u2026|\*{3,})[A-Za-z0-9]{0,6}/,
  // Placeholders: <YOUR_TOKEN>, ${VAR}, ${{ secrets.X }}, {{ .Values.x }}, $VAR, %VAR%, <%= ... %>.
  /<[^<>\s]{1,80}>/,
  /\$\{\{?[^{}]{1,120}\}?\}/,
  /\{\{[^{}]{1,120}\}\}/,
  /\$[A-Za-z_][A-Za-z0-9_]{0,80}/,
  /%[A-Za-z_][A-Za-z0-9_]{0,80}%/,
  /<%=?[^%]{1,120}%>/,
  /[A-Z0-9_]{0,40}(?:YOUR|REPLACE|CHANGE_?ME|PLACEHOLDER|INSERT|ENTER)[A-Z0-9_]{0,40}/,
  /[a-z]{2,8}_(?:live|test)_(?:\.{3}|x+|X+|\*+)/,
  // Read from the environment or a secret store, in the languages crash text comes from.
  /(?:process\.env|import\.meta\.env|env|secrets|vars|Deno\.env\.get)[.[(]["'A-Za-z_][A-Za-z0-9_"'.\])]{0,80}/,
  /os\.(?:environ|getenv)[[(.]["'A-Za-z_][A-Za-z0-9_"'\])]{0,80}/,
  /ENV\[["'][A-Za-z0-9_]{1,80}["']\]/,
  // Numbers with a sign or a fraction, and dates.
  /[-+][0-9]{1,18}(?:\.[0-9]{1,18})?|[0-9]{1,18}\.[0-9]{1,18}/,
  /[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9:.]{5,15}(?:Z|[+-][0-9:]{4,5})?)?/,
  /(?:[0-9]{1,6}[hms]){2,3}|P(?:[0-9]{1,6}[YMWD]){0,4}(?:T(?:[0-9]{1,6}[HMS]){1,3})?/,
  // Paths and URLs (credentials inside a URL are a stage of their own).
  // A backslash starts a path, but not JSON's escape of a letter (`"\u00e9hunter2"`).
  /(?:~|\.{1,2})?(?:\/|\\(?!u[0-9A-Fa-f]{4}))[^\s]{0,1000}/,
  // A home folder the scrub wrote (`/home/bob` is `~`), a token an earlier one glued to it.
  /~(?:\[REDACTED:[A-Z0-9_]{1,40}\])?/,
  /[A-Za-z]:[\\/][^\s]{0,1000}/,
  /[A-Za-z][A-Za-z0-9+.-]{0,20}:\/\/\[REDACTED:[A-Z0-9_]{1,40}\]@[^\s]{0,1000}/,
  /[^\s/\\]{1,200}\.(?:json|ya?ml|toml|ini|conf|cfg|env|pem|key|crt|cer|p12|pfx|jks|txt)/,
  // Public key material and publishable keys.
  /(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-[a-z0-9]{1,12}|sk-ssh-ed25519@openssh\.com) AAAA[^\n]{0,4096}/,
  /-----BEGIN (?:[A-Z0-9]{1,20} )?(?:PUBLIC KEY|CERTIFICATE)[^\n]{0,4096}/,
  /(?:pk_(?:live|test)_|pubkey-)[A-Za-z0-9_-]{0,256}|age1[0-9a-z]{50,70}/,
];

/** The same, in any letter case. */
const foldedShapes = (): RegExp[] => [
  /[[(<]?(?:redacted|filtered|hidden|masked|removed|secret|sensitive)[\])>]?/,
  /your[-_ ]?[A-Za-z0-9_-]{0,60}/,
  /[0-9]{1,9}(?:\.[0-9]{1,9})?\s?(?:ns|us|\u00b5s|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|weeks?|y|years?|[km]i?b|gi?b|ti?b|bytes?)/,
  /(?:https?|file|s3|gs|vault|op|arn):\/?\/?[^\s@]{0,1000}/,
  // A message, not a value: "must be at least 12 characters", "is required".
  /(?:must|should|is|are|was|were|cannot|can't|could|does|did|doesn't|isn't|has|have|not|needs?|too|expired|invalid|missing|required)(?:[ ,.:;][^\n]{0,1000})?/,
];

const join = (shapes: readonly RegExp[], flags: string): RegExp =>
  new RegExp(`^(?:${shapes.map((shape) => `(?:${shape.source})`).join("|")})$`, flags);

const joinedShapes = once(() => ({ plain: join(shapes(), ""), folded: join(foldedShapes(), "i") }));

/** A value that is only digits: a code under a code key, else a count, port or id. */
const DIGITS_ONLY = /^[0-9]{1,18}$/;

/**
 * Whether `raw` (a value found under a key of the given strength) is
 * something no secret looks like. Digits count as a secret under `code` keys
 * (OTPs, PINs) and from six digits on under any other (a numeric password);
 * shorter numbers are counts, ports and limits.
 */
export function isNotSecret(raw: string, strength: KeyStrength): boolean {
  const value = raw.trim();
  if (value.length === 0) return true;
  if (DIGITS_ONLY.test(value)) return strength !== "code" && value.length < 6;
  if (notSecretWords().has(value.toLowerCase())) return true;
  if (isDocumentationExample(value)) return true;
  const { plain, folded } = joinedShapes();
  return plain.test(value) || folded.test(value);
}

/** Every pattern above, for the ReDoS check. */
/**
 * Every pattern above, for the ReDoS check: each shape on its own, anchored
 * as it runs. The joined forms are anchored at both ends, so each
 * alternative is tried once from one start: their cost is the sum of the
 * shapes', each checked linear.
 */
export function valueShapePatterns(): RegExp[] {
  return [
    ...shapes().map((shape) => new RegExp(`^(?:${shape.source})$`)),
    ...foldedShapes().map((shape) => new RegExp(`^(?:${shape.source})$`, "i")),
    DIGITS_ONLY,
    PHONE,
  ];
}

const PHONE = /^\+?[0-9(][0-9 ().-]{5,22}[0-9]$/;

/**
 * Whether a value found under a key with this verdict is to be replaced: a
 * phone key's value when it reads as a phone number (7-15 digits, E.164),
 * any other unless its structure says no secret, and under a weak key only
 * when it also looks random.
 */
export function isSecretUnder(verdict: KeyVerdict, raw: string): boolean {
  const value = raw.trim();
  if (verdict.strength === "phone") {
    const digits = value.replace(/[^0-9]/g, "").length;
    return PHONE.test(value) && digits >= 7 && digits <= 15;
  }
  if (isNotSecret(value, verdict.strength)) return false;
  return verdict.strength !== "weak" || looksRandom(value);
}
