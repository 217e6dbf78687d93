/**
 * Words secret keys are made of (PASSWORD, api_key, x-auth-token, bindpw,
 * phone...): a key is looked at only where one of them occurs, in any ASCII
 * letter case. Every hint is lower-case ASCII letters. The token scan finds
 * them by hand (scan-tokens.ts); HINT_AT is their regex form, which a test
 * holds the scan to.
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
  "pat",
  "pin",
  "phone",
  "mobile",
  "tel",
  "cell",
  "msisdn",
  "fax",
  "salt",
  "nonce",
  "hmac",
  "priv",
  "licen",
  "access",
  "api",
];

/** The longest hint's length. */
export const MAX_HINT = Math.max(...KEY_HINTS.map((hint) => hint.length));

/**
 * A hint where it is tried. Without the `u` flag, `i` folds ASCII letters
 * only, as the scan does (`ſ` is no `s`, the Kelvin sign no `k`).
 */
export const HINT_AT = new RegExp(KEY_HINTS.join("|"), "iy");
