/**
 * Whether a key name (env variable, JSON/YAML key, header, CLI flag, query
 * parameter) holds a secret. Follows the spirit of Sentry's default scrubbed
 * fields (password, secret, passwd, api_key, apikey, auth, credentials,
 * mysql_pwd, privatekey, private_key, token, session_id, cookie, csrf...;
 * https://docs.sentry.io/security-legal-pii/scrubbing/server-side-scrubbing/)
 * and gitleaks' generic-api-key keywords, matched on the key normalised to
 * lower-case letters and digits, so API_KEY, apiKey, api-key and x-api-key meet.
 */
const ANYWHERE = [
  "password",
  "passwd",
  "passwort",
  "passphrase",
  "passcode",
  "secret",
  "token",
  "apikey",
  "accesskey",
  "privatekey",
  "privkey",
  "secretkey",
  "clientkey",
  "masterkey",
  "signingkey",
  "encryptionkey",
  "accountkey",
  "sharedaccesskey",
  "credential",
  "cookie",
  "sessionid",
  "sessid",
  "sessionkey",
  "csrf",
  "xsrf",
  "authorization",
  "authkey",
  "jwt",
  "bearer",
  "connectionstring",
  "connstr",
  "databaseurl",
  "dburl",
  "mysqlpwd",
] as const;

/** Keys ending in one of these hold a secret (dbpass, basicauth, sentrydsn, connect.sid). */
const SUFFIXES = ["pass", "pwd", "auth", "dsn", "session", "creds", "otp", "sig", "sid"] as const;

/** Whole keys that hold a secret. */
const EXACT = new Set(["sig", "sid", "otp", "pw", "auth", "pass"]);

/**
 * Keys that name something about a secret, not the secret: where it lives,
 * how long it is, whether it is required (`--password-file`, `token_url`).
 */
const METADATA_SUFFIXES = [
  "file",
  "path",
  "dir",
  "url",
  "uri",
  "endpoint",
  "length",
  "policy",
  "hint",
  "required",
  "enabled",
  "expiry",
  "expires",
  "expiresat",
  "expiresin",
  "ttl",
  "type",
  "name",
  "count",
  "prompt",
] as const;

/** Look like secret keys but hold counts, flags or names (LLM token counts, git authors). */
const EXCLUDED_PARTS = [
  "tokens",
  "tokenizer",
  "tokenize",
  "tokenlimit",
  "tokencount",
  "tokenusage",
  "tokentype",
  "author",
  "bypass",
  "compass",
  "passthrough",
  "passive",
  "passed",
  "passing",
] as const;

export function normalizeKey(key: string): string {
  let out = "";
  for (let i = 0; i < key.length; i += 1) {
    const code = key.charCodeAt(i) | 0x20;
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) {
      out += String.fromCharCode(code);
    }
  }
  return out;
}

export function isSecretKey(key: string): boolean {
  const normalized = normalizeKey(key);
  if (normalized.length === 0 || normalized.length > 100) return false;
  if (EXACT.has(normalized)) return true;
  if (EXCLUDED_PARTS.some((part) => normalized.includes(part))) {
    // "authorization" contains "author"; "authortoken" still holds a token.
    if (!normalized.includes("authoriz") && !normalized.endsWith("token")) return false;
  }
  if (
    METADATA_SUFFIXES.some((suffix) => normalized.endsWith(suffix)) &&
    !/(?:dburl|databaseurl)$/.test(normalized)
  ) {
    return false;
  }
  if (ANYWHERE.some((word) => normalized.includes(word))) return true;
  return SUFFIXES.some(
    (suffix) => normalized.endsWith(suffix) && normalized.length > suffix.length,
  );
}

/**
 * Key verdicts repeat (the same few keys fill every report and log), so they
 * are memoised; the cache is cleared when full to stay bounded on hostile input.
 */
const verdicts = new Map<string, boolean>();
const VERDICT_CACHE_LIMIT = 4096;

export function isSecretKeyCached(key: string): boolean {
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    verdict = isSecretKey(key);
    if (verdicts.size >= VERDICT_CACHE_LIMIT) verdicts.clear();
    verdicts.set(key, verdict);
  }
  return verdict;
}

/** The replacement class for a secret-keyed value. */
export function secretKeyKind(key: string): string {
  const normalized = normalizeKey(key);
  if (normalized.includes("cookie")) return "COOKIE";
  if (normalized.includes("sess") || normalized.endsWith("sid")) return "SESSION_ID";
  if (/pass|pwd|^pw$/.test(normalized)) return "PASSWORD";
  return "SECRET";
}
