import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { replaceMatches } from "./replace-matches.js";

/**
 * Credentials in protocol commands as clients and session logs print them:
 * SMTP `AUTH PLAIN <base64>` (RFC 4954), FTP/POP3 `PASS <password>`
 * (RFC 959, RFC 1939), IMAP `<tag> LOGIN <user> <password>` (RFC 9051),
 * Redis `AUTH [user] <password>` typed at a redis-cli prompt
 * (https://redis.io/docs/latest/commands/auth/), and ioredis' dump of a
 * failed command (`name: 'auth', args: [ 'default', 'pw' ]`).
 * Each command starts a line or follows a transcript marker (`C:`, `--->`, `>`).
 */
export const SMTP_AUTH_PATTERN =
  /(^|(?:C:|>)[ \t]{1,4})(AUTH[ \t]{1,4}(?:PLAIN|LOGIN|XOAUTH2)[ \t]{1,4})[A-Za-z0-9+/=]{4,4096}/gm;
export const PASS_COMMAND_PATTERN = /(^|(?:C:|--->|>)[ \t]{1,4})(PASS[ \t]{1,4})[^\s]{1,512}/gm;
export const IMAP_LOGIN_PATTERN = /(^|[ \t])(LOGIN[ \t]{1,4}[^\s]{1,256}[ \t]{1,4})[^\s]{1,512}/gm;
export const REDIS_AUTH_PATTERN =
  /(^|>[ \t]{1,4}|HELLO[ \t]{1,4}[23][ \t]{1,4})((?:AUTH|auth)[ \t]{1,4}(?:[^\s]{1,256}[ \t]{1,4})?)([^\s]{1,512})[ \t]*$/gm;
export const REDIS_ARGS_PATTERN =
  /(name: '(?:auth|AUTH)', args: \[ (?:'[^'\n]{0,256}', )?')[^'\n]{1,512}'/g;

const PASSWORD = redactionToken("PASSWORD");
const CREDENTIALS = redactionToken("AUTH_CREDENTIALS");

type Replace = (m: RegExpExecArray) => string | undefined;

/**
 * The literals one of which every command's match holds, each followed by
 * a blank: the token scan notes which of them a text holds (scan-tokens.ts),
 * and a command whose literals are all absent is not searched for.
 */
export const COMMAND_LITERALS: readonly string[] = ["AUTH", "PASS", "LOGIN", "auth", "args: ["];

/** The bit of a literal in the scan's `commands`. */
const bit = (literal: string): number => 1 << COMMAND_LITERALS.indexOf(literal);

/** Each command's pattern, the bits of its literals, and its replacement. */
const COMMANDS: ReadonlyArray<[RegExp, number, Replace]> = [
  [SMTP_AUTH_PATTERN, bit("AUTH"), (m) => `${m[1]}${m[2]}${CREDENTIALS}`],
  [PASS_COMMAND_PATTERN, bit("PASS"), (m) => `${m[1]}${m[2]}${PASSWORD}`],
  [IMAP_LOGIN_PATTERN, bit("LOGIN"), (m) => `${m[1]}${m[2]}${PASSWORD}`],
  [
    REDIS_AUTH_PATTERN,
    bit("AUTH") | bit("auth"),
    (m) => ((m[3] ?? "").startsWith("[REDACTED:") ? undefined : `${m[1]}${m[2]}${PASSWORD}`),
  ],
  [REDIS_ARGS_PATTERN, bit("args: ["), (m) => `${m[1]}${PASSWORD}'`],
];

/** `present`: the bits of the COMMAND_LITERALS the text holds (the scan's `commands`). */
export function redactProtocolCommands(
  text: string,
  present: number,
  counter: RedactionCounter,
): string {
  if (present === 0) return text;
  let out = text;
  for (const command of COMMANDS) {
    if ((present & command[1]) !== 0) out = replaceMatches(out, command[0], command[2], counter);
  }
  return out;
}
