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
