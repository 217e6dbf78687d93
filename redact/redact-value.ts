import { MAX_INPUT_CHARS } from "./limits.js";
import { redactAuthSchemes } from "./redact-auth-schemes.js";
import { redactCardNumbers } from "./redact-card-numbers.js";
import { redactCliCredentials } from "./redact-cli-credentials.js";
import { redactContextNames, redactContextPaths } from "./redact-context.js";
import { redactEmails } from "./redact-email.js";
import { redactHomePaths } from "./redact-home-paths.js";
import { redactIbans } from "./redact-iban.js";
import { redactIPv4, redactIPv6 } from "./redact-ip.js";
import { redactKeyed } from "./redact-keyed.js";
import { redactMacAddresses } from "./redact-mac-addresses.js";
import { redactNationalIds } from "./redact-national-ids.js";
import { redactPrivateKeys } from "./redact-private-keys.js";
import { redactProtocolCommands } from "./redact-protocol-commands.js";
import { redactToolPasswords } from "./redact-tool-passwords.js";
import {
  redactJdbcThin,
  redactSchemelessCredentials,
  redactUrlCredentials,
} from "./redact-url-credentials.js";
import { redactUsernames } from "./redact-usernames.js";
import { redactWordTokens } from "./redact-word-tokens.js";
import type { RedactionContext } from "./redaction-context.js";
import { redactionToken, tokenBesideWord } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { type Anchors, findAnchors, scanTokens } from "./scan-tokens.js";

const TRUNCATED = redactionToken("TRUNCATED");
const UNSCRUBBABLE = redactionToken("UNSCRUBBABLE");
/** Scrubs of one text where names glued to words were found, at most (redactString). */
const MAX_ROUNDS = 4;

type Stage = (text: string, counter: RedactionCounter) => string;

/**
 * The stages, in order. Whole blocks first (private keys), then provider
 * tokens by shape (the most specific class name), which the token scan
 * replaces while it notes where later stages' rules may apply (scan-tokens.ts),
 * then prefix-less tokens at those anchors, then structure that names its
 * secret (URL userinfo, auth headers, command lines, tool passwords,
 * protocol commands), then secret-keyed values and prose that names a
 * secret (one pass at the scan's hints, which skips values already
 * replaced), then paths and account names, then personal data validated by
 * format or checksum (IBANs and national ids before card numbers, whose
 * digit groups they contain).
 */
const LOCATORS: readonly Stage[] = [redactUrlCredentials, redactJdbcThin];
const PERSONAL: readonly Stage[] = [
  redactHomePaths,
  redactUsernames,
  redactEmails,
  // After e-mail addresses, which `user:pass@host.tld` already hides.
  redactSchemelessCredentials,
  redactIbans,
  redactNationalIds,
  redactCardNumbers,
  redactMacAddresses,
  redactIPv6,
  redactIPv4,
];

/** The scan's anchors for `text`: kept while no stage since changed it, else found again. */
function anchorsOf(text: string, anchors: Anchors): Anchors {
  return anchors.text === text ? anchors : findAnchors(text);
}

function runStages(text: string, counter: RedactionCounter): string {
  let out = redactPrivateKeys(text, counter);
  let anchors = scanTokens(out, counter);
  out = redactWordTokens(anchors, counter);
  for (const stage of LOCATORS) out = stage(out, counter);
  anchors = anchorsOf(out, anchors);
  out = redactAuthSchemes(out, anchors.schemes, counter);
  out = redactCliCredentials(out, counter);
  anchors = anchorsOf(out, anchors);
  out = redactToolPasswords(out, anchors.tools, counter);
  anchors = anchorsOf(out, anchors);
  out = redactProtocolCommands(out, anchors.commands, counter);
  anchors = anchorsOf(out, anchors);
  out = redactKeyed(out, anchors.hints, counter);
  for (const stage of PERSONAL) out = stage(out, counter);
  return out;
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

/** Scrub one string; adds the number of redactions to `counter`. Never throws. */
export function redactString(
  text: string,
  context: RedactionContext | undefined,
  counter: RedactionCounter,
): string {
  try {
    let out = capInput(text, counter);
    for (let round = 1; ; round += 1) {
      if (context !== undefined) out = redactContextPaths(out, context, counter);
      out = runStages(out, counter);
      if (context === undefined) return out;
      const named = redactContextNames(out, context, counter);
      // A name found glued to a word leaves a token beside it: a name on its
      // other side may now start or end a word (`AliceSmithAlice_smithX`), a
      // key a rule reads may now end there. Such text is scrubbed again until
      // a round finds nothing, so a second scrub finds nothing either; a few
      // rounds, then it fails closed, to stay linear.
      if (named === out || !tokenBesideWord(named)) return named;
      if (round === MAX_ROUNDS) throw new Error("names still found after the last round");
      out = named;
    }
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
