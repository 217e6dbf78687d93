import { MAX_INPUT_CHARS } from "./limits.js";
import { redactAuthSchemes } from "./redact-auth-schemes.js";
import { redactCardNumbers } from "./redact-card-numbers.js";
import { redactCliCredentials } from "./redact-cli-credentials.js";
import { redactContext } from "./redact-context.js";
import { redactEmails } from "./redact-email.js";
import { redactHomePaths } from "./redact-home-paths.js";
import { redactIPv4, redactIPv6 } from "./redact-ip.js";
import { redactKeyed } from "./redact-keyed.js";
import { redactPrivateKeys } from "./redact-private-keys.js";
import { redactJdbcThin, redactUrlCredentials } from "./redact-url-credentials.js";
import { redactWordTokens } from "./redact-word-tokens.js";
import type { RedactionContext } from "./redaction-context.js";
import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { scanTokens } from "./scan-tokens.js";

const TRUNCATED = redactionToken("TRUNCATED");
const UNSCRUBBABLE = redactionToken("UNSCRUBBABLE");

/** Characters whose presence a stage needs: one bit each (see `features`). */
const Has = {
  Colon: 1 << 0,
  At: 1 << 1,
  /** "/" or "\\" */
  Slash: 1 << 2,
  /** "=" or ">" */
  Assign: 1 << 3,
  Dash: 1 << 4,
  /** space or tab */
  Blank: 1 << 5,
} as const;

const BITS = new Uint8Array(128);
BITS[0x3a] = Has.Colon;
BITS[0x40] = Has.At;
BITS[0x2f] = Has.Slash;
BITS[0x5c] = Has.Slash;
BITS[0x3d] = Has.Assign;
BITS[0x3e] = Has.Assign;
BITS[0x2d] = Has.Dash;
BITS[0x20] = Has.Blank;
BITS[0x09] = Has.Blank;

/** What a short text holds, so stages that cannot match it are skipped. */
interface Features {
  length: number;
  has: number;
  digits: number;
  dots: number;
}

interface Stage {
  run: (text: string, counter: RedactionCounter) => string;
  /**
   * A condition every text the stage can change meets (so a text failing it
   * is left as it is). Each is read off the stage's patterns; a property
   * test compares the scrub with and without these skips.
   */
  mayApply: (f: Features) => boolean;
}

/**
 * The stages, in order. Whole blocks first (private keys), then provider
 * tokens by shape (the most specific class name), then structure that names
 * its secret (URL userinfo, auth headers), then secret-keyed values (which skip values already replaced), then what the
 * caller knows (home, repo root, repo names), then personal data.
 */
const STAGES: readonly Stage[] = [
  // "PRIVATE KEY" or the PuTTY header.
  { run: redactPrivateKeys, mayApply: (f) => f.length >= 11 },
  // Every prefix has two or more characters and every body ten or more.
  { run: scanTokens, mayApply: (f) => f.length >= 12 },
  // The shortest, a Mailchimp key, is 32 hex digits, "-us" and a digit.
  { run: redactWordTokens, mayApply: (f) => f.length >= 36 },
  // "://", userinfo, "@".
  { run: redactUrlCredentials, mayApply: (f) => hasAll(f, Has.Colon | Has.Slash | Has.At) },
  // ":thin:user/password@".
  { run: redactJdbcThin, mayApply: (f) => hasAll(f, Has.Colon | Has.Slash | Has.At) },
  // A scheme name, blanks, then credentials ("NTLM" + blank + 8 is the shortest).
  { run: redactAuthSchemes, mayApply: (f) => hasAll(f, Has.Blank) && f.length >= 13 },
  // `-u user:password` or a .netrc line (words joined by blanks).
  {
    run: redactCliCredentials,
    mayApply: (f) => hasAll(f, Has.Dash | Has.Colon) || hasAll(f, Has.Blank),
  },
  // `key=`, `key:`, `<key>`, or `--flag value`.
  {
    run: redactKeyed,
    mayApply: (f) => (f.has & (Has.Assign | Has.Colon)) !== 0 || hasAll(f, Has.Dash | Has.Blank),
  },
  // Every home form has a "/" or "\\".
  { run: redactHomePaths, mayApply: (f) => hasAll(f, Has.Slash) },
  { run: redactEmails, mayApply: (f) => hasAll(f, Has.At) },
  { run: redactCardNumbers, mayApply: (f) => f.digits >= 13 },
  { run: redactIPv6, mayApply: (f) => hasAll(f, Has.Colon) },
  // Four numbers and three dots ("20.20.2", a version, is not one).
  { run: redactIPv4, mayApply: (f) => f.dots >= 3 && f.digits >= 4 && f.length >= 7 },
];

function hasAll(f: Features, bits: number): boolean {
  return (f.has & bits) === bits;
}

/**
 * Texts up to this long are read once for `Features` (report fields, most
 * of them a few words); longer ones run every stage, whose own pre-checks
 * are cheaper than a character loop over a long text.
 */
const SHORT_TEXT = 256;

function features(text: string): Features {
  let has = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 128) has |= BITS[code] as number;
    if (code >= 0x30 && code <= 0x39) digits += 1;
    else if (code === 0x2e) dots += 1;
  }
  return { length: text.length, has, digits, dots };
}

/**
 * Cut text longer than the cap. The cut may split a secret, so the partial
 * last token before the cut goes too (up to the previous blank).
 */
function capInput(text: string, counter: RedactionCounter): string {
  if (text.length <= MAX_INPUT_CHARS) return text;
  const floor = MAX_INPUT_CHARS - 4096;
  let cut = MAX_INPUT_CHARS;
  while (cut > floor && !/\s/.test(text[cut - 1] ?? " ")) cut -= 1;
  counter.count += 1;
  return text.slice(0, cut) + TRUNCATED;
}

/** For tests: run every stage on every text, to compare against the skips. */
let skipsDisabled = false;
export function disableStageSkipsForTests(disabled: boolean): void {
  skipsDisabled = disabled;
}

/** Scrub one string; adds the number of redactions to `counter`. Never throws. */
export function redactString(
  text: string,
  context: RedactionContext | undefined,
  counter: RedactionCounter,
): string {
  try {
    let out = capInput(text, counter);
    if (context !== undefined) out = redactContext(out, context, counter);
    // Stages only add "[REDACTED:<KIND>]" tokens and "~". A token brings a
    // colon and perhaps a digit, but bracketed between capitals no later
    // stage can match them, so the features of the input stand for all
    // (the property test in tests/redact/prescan.test.ts holds this).
    const f = out.length <= SHORT_TEXT && !skipsDisabled ? features(out) : undefined;
    for (const stage of STAGES) {
      if (f === undefined || stage.mayApply(f)) out = stage.run(out, counter);
    }
    return out;
  } catch {
    // Fail closed: a scrubber fault must never let the original through.
    counter.count += 1;
    return UNSCRUBBABLE;
  }
}

/**
 * Scrub one string: secrets, credentials and personal data become
 * `[REDACTED:<CLASS>]`, home directories `~`. Pure, linear in the input,
 * never throws; a non-string input yields "".
 */
export function redactValue(text: string, context?: RedactionContext): string {
  if (typeof text !== "string") return "";
  return redactString(text, context, { count: 0 });
}
