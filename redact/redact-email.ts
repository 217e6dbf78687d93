import { charClass, inClass } from "./char-class.js";
import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { SpanWriter } from "./replace-matches.js";

/**
 * The domain part of an address, matched from the "@": labels of letters,
 * digits and hyphens, and an alphabetic top-level label, so `pkg@1.2.3`
 * (npm specs) and `fn@file.js:1:2`-style frames with numeric parts survive.
 * Tried only at an "@" or its URL encoding "%40" (found with indexOf, the
 * fastest search there is); every repetition is bounded. Image densities
 * (`logo@2x.png`) are file names, not addresses.
 */
export const EMAIL_DOMAIN_PATTERN =
  /(?:@|%40)(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9])/y;

/** RFC 5322 dot-atom characters commonly seen in local parts. */
const LOCAL_CHARS = charClass("A-Za-z0-9._%+-");
const REPLACEMENT = redactionToken("EMAIL");
const MAX_LOCAL = 64;
export const IMAGE_DENSITY_PATTERN = /^@[1-9]x\.(?:png|jpe?g|gif|webp|svg|avif)$/i;

/**
 * Redact e-mail addresses. The local part is found by walking back from the
 * "@" (at most 64 characters, never past the previous address), so there is
 * no leading character class for a regex engine to retry at every position.
 */
export function redactEmails(text: string, counter: RedactionCounter): string {
  const writer = new SpanWriter(text, counter);
  let floor = 0;
  let nextAt = text.indexOf("@");
  let nextEncoded = text.indexOf("%40");
  while (nextAt !== -1 || nextEncoded !== -1) {
    const at = nextEncoded === -1 || (nextAt !== -1 && nextAt < nextEncoded) ? nextAt : nextEncoded;
    EMAIL_DOMAIN_PATTERN.lastIndex = at;
    const match = EMAIL_DOMAIN_PATTERN.exec(text);
    const resume = match === null ? at + 1 : at + match[0].length;
    if (nextAt !== -1 && nextAt < resume) nextAt = text.indexOf("@", resume);
    if (nextEncoded !== -1 && nextEncoded < resume) nextEncoded = text.indexOf("%40", resume);
    if (match === null) continue;
    let start = at;
    const limit = Math.max(floor, at - MAX_LOCAL);
    while (start > limit && inClass(LOCAL_CHARS, text.charCodeAt(start - 1))) start -= 1;
    // A local part cannot start or end with a dot.
    while (start < at && text.charCodeAt(start) === 0x2e) start += 1;
    const end = at + match[0].length;
    // git@host is the account every git host uses for ssh, and logo@2x.png a file name.
    const gitHost = at - start === 3 && text.startsWith("git", start);
    if (
      start < at &&
      text.charCodeAt(at - 1) !== 0x2e &&
      !gitHost &&
      !IMAGE_DENSITY_PATTERN.test(match[0])
    ) {
      writer.add(start, end, REPLACEMENT);
      floor = end;
    }
  }
  return writer.finish();
}
