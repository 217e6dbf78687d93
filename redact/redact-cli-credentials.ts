import { charClass } from "./char-class.js";
import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { replaceMatches } from "./replace-matches.js";

/**
 * curl/wget-style `-u user:password`, `--user user:password` (and `=`): the
 * flag names no secret, the `user:password` shape does. The flag must start a
 * word (after a blank, quote or the start), so attempts cannot restart inside
 * a run; the user run excludes the blank, `=` and colon that end it, so a
 * match is split one way.
 */
export const USER_FLAG_PATTERN =
  /(-u|--user|--proxy-user)([ =]{1,4})[^\s:'"=]{1,128}:[^\s'"]{1,256}/g;
/** A flag starts a word: after a blank, a quote or the start (ASCII class of the rest). */
const NOT_FLAG_START = charClass("!#-&(-~");

/**
 * A .netrc entry on one line: `machine <host> login <user> password <secret>`.
 * Words and blanks are disjoint classes, so the match is split one way.
 */
export const NETRC_PATTERN =
  /(machine[ \t]+\S{1,256}[ \t]+login[ \t]+\S{1,256}[ \t]+password[ \t]+)\S{1,512}/g;
const WORD = charClass("A-Za-z0-9_-");

const BASIC = redactionToken("BASIC_AUTH");
const PASSWORD = redactionToken("PASSWORD");

export function redactCliCredentials(text: string, counter: RedactionCounter): string {
  // Every match holds its flag or keyword: a text without it skips the search.
  const out = !text.includes("-u")
    ? text
    : replaceMatches(
        text,
        USER_FLAG_PATTERN,
        (m) => (m[0].includes("[REDACTED:") ? undefined : `${m[1] ?? ""}${m[2] ?? ""}${BASIC}`),
        counter,
        NOT_FLAG_START,
      );
  if (!out.includes("machine")) return out;
  return replaceMatches(out, NETRC_PATTERN, (m) => `${m[1] ?? ""}${PASSWORD}`, counter, WORD);
}
