import { keyVerdict } from "./is-secret-key.js";
import { looksRandom } from "./looks-random.js";
import type { Span } from "./replace-matches.js";

/**
 * The values to hide in a Cookie or Set-Cookie header value
 * (`name=value; name=value`, RFC 6265 section 4): a cookie whose name says
 * it holds a session or a credential (sid, session, token, csrf...), or
 * whose value looks random. Cookie names, attributes (Path, Expires,
 * SameSite...) and plain preferences (`theme=dark`) stay.
 */
export function cookieValueSpans(
  text: string,
  start: number,
  end: number,
  replacement: string,
): Span[] {
  const spans: Span[] = [];
  let pairStart = start;
  while (pairStart < end) {
    let pairEnd = text.indexOf(";", pairStart);
    if (pairEnd === -1 || pairEnd > end) pairEnd = end;
    const equals = text.indexOf("=", pairStart);
    if (equals !== -1 && equals < pairEnd) {
      const name = text.slice(pairStart, equals).trim();
      let valueStart = equals + 1;
      let valueEnd = pairEnd;
      while (valueStart < valueEnd && text.charCodeAt(valueStart) === 0x20) valueStart += 1;
      while (valueEnd > valueStart && text.charCodeAt(valueEnd - 1) === 0x20) valueEnd -= 1;
      const value = text.slice(valueStart, valueEnd);
      const verdict = keyVerdict(name);
      const secret =
        (verdict !== undefined && verdict.strength !== "phone") || looksRandom(decodeCookie(value));
      if (secret && value.length > 0 && !value.startsWith("[REDACTED:")) {
        spans.push({ start: valueStart, end: valueEnd, replacement });
      }
    }
    pairStart = pairEnd + 1;
  }
  return spans;
}

export const COOKIE_ESCAPE_PATTERN = /%[0-9A-Fa-f]{2}/g;

/** Cookie values are often percent-encoded (`s%3A...` for express-session): escapes dropped. */
function decodeCookie(value: string): string {
  return value.replace(COOKIE_ESCAPE_PATTERN, "");
}
