import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { replaceMatches } from "./replace-matches.js";

/**
 * HTTP authorization schemes (RFC 9110 section 11) followed by credentials.
 * The scheme is kept (it helps diagnosis), the credentials go. The credential
 * run has no suffix condition, so a match never backtracks beyond the bounded
 * whitespace run.
 */
export const AUTH_SCHEME_PATTERN =
  /(?<![A-Za-z0-9_-])(Bearer|Basic|Negotiate|NTLM)[ \t]{1,16}([A-Za-z0-9._~+/=-]{8,})/gi;

/** Digest credentials are a parameter list: drop the rest of the line. */
export const DIGEST_PATTERN = /(?<![A-Za-z0-9_-])(Digest)[ \t]{1,16}(username=[^\r\n]*)/g;

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

function decodesToUserPassword(credential: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(credential)) return false;
  const decoded = Buffer.from(credential, "base64").toString("latin1");
  if (!decoded.includes(":")) return false;
  // Text credentials: no control characters (random base64 decodes to some).
  for (let i = 0; i < decoded.length; i += 1) {
    const code = decoded.charCodeAt(i);
    if (code < 0x20 && code !== 0x09) return false;
  }
  return true;
}

export function redactAuthSchemes(text: string, counter: RedactionCounter): string {
  let out = replaceMatches(
    text,
    AUTH_SCHEME_PATTERN,
    (match) => {
      const scheme = match[1] ?? "";
      const credential = match[2] ?? "";
      if (!looksLikeCredential(scheme, credential)) return undefined;
      const lower = scheme.toLowerCase();
      const token = lower === "bearer" ? BEARER : lower === "basic" ? BASIC : OTHER;
      return `${scheme} ${token}`;
    },
    counter,
  );
  if (out.includes("Digest")) {
    out = replaceMatches(out, DIGEST_PATTERN, (match) => `${match[1] ?? ""} ${OTHER}`, counter);
  }
  return out;
}
