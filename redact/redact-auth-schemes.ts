import { charClass } from "./char-class.js";
import type { PositionList } from "./position-list.js";
import { redactionToken } from "./redaction-token.js";
import {
  eachMatchAt,
  type RedactionCounter,
  replaceMatches,
  SpanWriter,
} from "./replace-matches.js";

/**
 * HTTP authorization schemes (RFC 9110 section 11) that credentials follow,
 * in any letter case: the token scan notes where one starts (scan-tokens.ts).
 */
export const AUTH_SCHEMES: readonly string[] = ["bearer", "basic", "negotiate", "ntlm"];

/**
 * A scheme and its credentials where the scan found the scheme. The scheme
 * is kept (it helps diagnosis), the credentials go. The credential run has
 * no suffix condition, so a match never backtracks beyond the bounded
 * whitespace run.
 */
export const AUTH_SCHEME_PATTERN = new RegExp(
  `(${AUTH_SCHEMES.join("|")})[ \\t]{1,16}([A-Za-z0-9._~+/=-]{8,})`,
  "iy",
);
/** Characters a scheme name must not follow (it is a word of its own). */
const WORD = charClass("A-Za-z0-9_-");

/**
 * Digest credentials are a parameter list (RFC 7616): the user name, the
 * response hash and the client nonce go; realm, uri, nonce, qop stay.
 */
export const DIGEST_PATTERN = /Digest[ \t]{1,16}[^\r\n]{0,2048}/g;
export const DIGEST_PARAM_PATTERN =
  /((?:^|[ ,])(?:username|response|cnonce)=)("[^"\r\n]{0,512}"|[^\s,"]{1,512})/g;

const BEARER = redactionToken("BEARER_TOKEN");
const BASIC = redactionToken("BASIC_AUTH");
const OTHER = redactionToken("AUTH_CREDENTIALS");

/**
 * Prose uses these words too ("Basic requirements", "Bearer undefined"), so a
 * credential must look like one: Basic is base64 of "user:password"; a bearer
 * token has a digit or punctuation, or is long.
 */
function looksLikeCredential(scheme: string, credential: string): boolean {
  const lower = scheme.toLowerCase();
  if (lower === "basic") return decodesToUserPassword(credential);
  if (lower === "bearer") return credential.length >= 16 || /[0-9._~+/=-]/.test(credential);
  return credential.length >= 16;
}

function base64Value(code: number): number {
  if (code >= 0x41 && code <= 0x5a) return code - 0x41;
  if (code >= 0x61 && code <= 0x7a) return code - 0x61 + 26;
  if (code >= 0x30 && code <= 0x39) return code - 0x30 + 52;
  if (code === 0x2b) return 62;
  if (code === 0x2f) return 63;
  return -1;
}

/**
 * Whether base64 text decodes to printable "user:password" (RFC 7617). Decoded
 * in place, without allocating: this runs for every "Basic <word>" in the text.
 */
function decodesToUserPassword(credential: string): boolean {
  let length = credential.length;
  while (length > 0 && credential.charCodeAt(length - 1) === 0x3d) length -= 1;
  if (credential.length - length > 2) return false;
  let bits = 0;
  let buffer = 0;
  let colon = false;
  for (let i = 0; i < length; i += 1) {
    const value = base64Value(credential.charCodeAt(i));
    if (value === -1) return false;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      const byte = (buffer >> bits) & 0xff;
      // Text credentials: no control characters (random base64 decodes to some).
      if (byte < 0x20 && byte !== 0x09) return false;
      if (byte === 0x3a) colon = true;
    }
  }
  return colon;
}

export function redactAuthSchemes(
  text: string,
  schemes: PositionList,
  counter: RedactionCounter,
): string {
  const writer = new SpanWriter(text, counter);
  eachMatchAt(text, schemes, AUTH_SCHEME_PATTERN, WORD, (match, end) => {
    const scheme = match[1] ?? "";
    if (looksLikeCredential(scheme, match[2] ?? "")) {
      const lower = scheme.toLowerCase();
      const token = lower === "bearer" ? BEARER : lower === "basic" ? BASIC : OTHER;
      writer.add(match.index, end, `${scheme} ${token}`);
    }
    return end;
  });
  return redactDigest(writer.finish(), counter);
}

function redactDigest(text: string, counter: RedactionCounter): string {
  if (!text.includes("Digest")) return text;
  return replaceMatches(
    text,
    DIGEST_PATTERN,
    (match) =>
      match[0].replace(DIGEST_PARAM_PATTERN, (_all, name: string, value: string) => {
        if (value.includes("[REDACTED:")) return `${name}${value}`;
        return value.startsWith('"') ? `${name}"${OTHER}"` : `${name}${OTHER}`;
      }),
    counter,
    WORD,
  );
}
