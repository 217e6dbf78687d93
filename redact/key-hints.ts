/**
 * Words secret keys are made of (PASSWORD, api_key, x-auth-token, bindpw,
 * phone...): a key is looked at only where one of them occurs, in any ASCII
 * letter case. Every hint is lower-case ASCII letters. The token scan finds
 * them (scan-tokens.ts); the keyed stage confirms each with HINT_AT.
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

/**
 * A hint at the position it is tried at. Without the `u` flag, `i` folds
 * ASCII letters only, as the scan does (`ſ` is no `s`, the Kelvin sign no `k`).
 */
export const HINT_AT = new RegExp(KEY_HINTS.join("|"), "iy");

/** Whether a hint starts at `at` (HINT_AT's test, for a position the scan found). */
export function hintAt(text: string, at: number): boolean {
  HINT_AT.lastIndex = at;
  return HINT_AT.test(text);
}
