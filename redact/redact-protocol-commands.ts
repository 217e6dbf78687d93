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

/** Each command's pattern, literals one of which every match holds, and its replacement. */
const COMMANDS: ReadonlyArray<[RegExp, string[], Replace]> = [
  [SMTP_AUTH_PATTERN, ["AUTH"], (m) => `${m[1]}${m[2]}${CREDENTIALS}`],
  [PASS_COMMAND_PATTERN, ["PASS"], (m) => `${m[1]}${m[2]}${PASSWORD}`],
  [IMAP_LOGIN_PATTERN, ["LOGIN"], (m) => `${m[1]}${m[2]}${PASSWORD}`],
  [
    REDIS_AUTH_PATTERN,
    ["AUTH", "auth"],
    (m) => ((m[3] ?? "").startsWith("[REDACTED:") ? undefined : `${m[1]}${m[2]}${PASSWORD}`),
  ],
  [REDIS_ARGS_PATTERN, ["args: ["], (m) => `${m[1]}${PASSWORD}'`],
];

/**
 * Every command's literals, found in one pass: most texts hold none, and each
 * command's search is skipped. Each pattern has a blank after its literal,
 * so a literal counts only with one (`PASS` in `[REDACTED:PASSWORD]` does not).
 */
export const COMMAND_LITERAL_PATTERN = new RegExp(
  `(?:${[...new Set(COMMANDS.flatMap(([, literals]) => literals))]
    .map((literal) => literal.replace(/[[\]]/g, "\\$&"))
    .join("|")})(?=[ \t])`,
  "g",
);

export function redactProtocolCommands(text: string, counter: RedactionCounter): string {
  const present = new Set<string>();
  COMMAND_LITERAL_PATTERN.lastIndex = 0;
  for (
    let m = COMMAND_LITERAL_PATTERN.exec(text);
    m !== null;
    m = COMMAND_LITERAL_PATTERN.exec(text)
  ) {
    present.add(m[0]);
  }
  COMMAND_LITERAL_PATTERN.lastIndex = 0;
  let out = text;
  for (const [pattern, literals, replace] of COMMANDS) {
    if (literals.some((literal) => present.has(literal))) {
      out = replaceMatches(out, pattern, replace, counter);
    }
  }
  return out;
}
