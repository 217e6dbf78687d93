import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { replaceMatches } from "./replace-matches.js";

/**
 * The userinfo of a URL (RFC 3986 section 3.2.1): "://" then user[:password]
 * then "@". Anchored on "://", and the userinfo run stops at the first "/",
 * so each character is read by at most one attempt. Covers database
 * connection strings too (postgres://, mongodb+srv://, redis://:pw@, amqp://).
 */
export const URL_USERINFO_PATTERN = /:\/\/([^\s/?#@"'<>`\\]{1,512})@/g;

const REPLACEMENT = redactionToken("URL_CREDENTIALS");

/** `ssh://git@host` names no one: the account every git host uses for ssh. */
const PUBLIC_USERS = new Set(["git"]);

export function redactUrlCredentials(text: string, counter: RedactionCounter): string {
  if (!text.includes("://")) return text;
  return replaceMatches(
    text,
    URL_USERINFO_PATTERN,
    (match) => {
      const userinfo = match[1] ?? "";
      // Already clean: exactly one replacement token (text glued to a token is not).
      if (/^\[REDACTED:[A-Z0-9_]{1,40}\]$/.test(userinfo) || PUBLIC_USERS.has(userinfo))
        return undefined;
      return `://${REPLACEMENT}@`;
    },
    counter,
  );
}

/**
 * Oracle JDBC thin syntax puts credentials before the host without "://":
 * jdbc:oracle:thin:scott/tiger@host:1521/service.
 */
export const JDBC_THIN_PATTERN = /:thin:([^\s/@:"']{1,128})\/([^\s/@:"']{1,256})@/g;

export function redactJdbcThin(text: string, counter: RedactionCounter): string {
  if (!text.includes(":thin:")) return text;
  return replaceMatches(text, JDBC_THIN_PATTERN, () => `:thin:${REPLACEMENT}@`, counter);
}

/**
 * Credentials written as a URL's userinfo without a scheme (RFC 3986
 * section 3.2.1's `user:password@host`): a proxy setting
 * (`HTTPS_PROXY=bob:pw@proxy:3128`), a `user:password@host` a tool prints.
 * Anchored on the `:` before the password, whose run stops at the next `:`,
 * `@`, `/` or blank, so each character is read by at most one attempt; the
 * user before it is checked by hand (a leading lookbehind would be tried at
 * every position). Not a digest-pinned image (`alpine:3.19@sha256:…`).
 */
export const SCHEMELESS_USERINFO_PATTERN =
  /:([^\s:@/\\"'<>`[\]]{3,256})@(?!sha\d{3}:)(?=[A-Za-z0-9[])/g;

const USER_CHARS = /[A-Za-z0-9._%+-]/;
/** Before the user: nothing, or a character that cannot be part of a URL's authority. */
const BEFORE_USER = /[A-Za-z0-9._%+:/@~-]/;
const PASSWORD = redactionToken("PASSWORD");

/**
 * Whether the `:` at `colon` follows a user name: 2 to 64 characters of a
 * userinfo, the first a letter, with nothing of an address before them.
 */
function followsUser(text: string, colon: number): boolean {
  let start = colon;
  while (start > 0 && colon - start < 65 && USER_CHARS.test(text.charAt(start - 1))) start -= 1;
  const length = colon - start;
  if (length < 2 || length > 64 || !/[A-Za-z]/.test(text.charAt(start))) return false;
  return start === 0 || !BEFORE_USER.test(text.charAt(start - 1));
}

export function redactSchemelessCredentials(text: string, counter: RedactionCounter): string {
  if (!text.includes("@")) return text;
  return replaceMatches(
    text,
    SCHEMELESS_USERINFO_PATTERN,
    (match) => (followsUser(text, match.index) ? `:${PASSWORD}@` : undefined),
    counter,
  );
}
