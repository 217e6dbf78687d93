import type { KeyVerdict } from "./is-secret-key.js";
import { looksRandom } from "./looks-random.js";
import { TOKEN_PREFIX } from "./redaction-token.js";
import type { SpanList } from "./replace-matches.js";

/**
 * Add to `spans` the values to hide in a Cookie or Set-Cookie header value
 * (`name=value; name=value`, RFC 6265 section 4): a cookie whose name says
 * it holds a session or a credential (sid, session, token, csrf...), or
 * whose value looks random. Cookie names, attributes (Path, Expires,
 * SameSite...) and plain preferences (`theme=dark`) stay. `verdictOf` is
 * keyVerdict, remembered per scrub (the same names recur on every line).
 */
export function cookieValueSpans(
  text: string,
  start: number,
  end: number,
  replacement: string,
  verdictOf: (name: string) => KeyVerdict | undefined,
  spans: SpanList,
): void {
  let pairStart = start;
  while (pairStart < end) {
    let pairEnd = text.indexOf(";", pairStart);
    if (pairEnd === -1 || pairEnd > end) pairEnd = end;
    const equals = text.indexOf("=", pairStart);
    if (equals !== -1 && equals < pairEnd) {
      let valueStart = equals + 1;
      let valueEnd = pairEnd;
      while (valueStart < valueEnd && text.charCodeAt(valueStart) === 0x20) valueStart += 1;
      while (valueEnd > valueStart && text.charCodeAt(valueEnd - 1) === 0x20) valueEnd -= 1;
      if (valueEnd > valueStart && !text.startsWith(TOKEN_PREFIX, valueStart)) {
        const verdict = verdictOf(text.slice(pairStart, equals).trim());
        // A decoded value is no longer than the value; looksRandom wants 16 characters.
        const secret =
          (verdict !== undefined && verdict.strength !== "phone") ||
          (valueEnd - valueStart >= 16 &&
            looksRandom(decodeCookie(text.slice(valueStart, valueEnd))));
        if (secret) spans.add(valueStart, valueEnd, replacement);
      }
    }
    pairStart = pairEnd + 1;
  }
}

export const COOKIE_ESCAPE_PATTERN = /%[0-9A-Fa-f]{2}/g;

/** Cookie values are often percent-encoded (`s%3A...` for express-session): escapes dropped. */
function decodeCookie(value: string): string {
  return value.replace(COOKIE_ESCAPE_PATTERN, "");
}
