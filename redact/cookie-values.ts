import type { KeyVerdict } from "./is-secret-key.js";
import { looksRandom } from "./looks-random.js";
import { TOKEN_PREFIX } from "./redaction-token.js";
import type { SpanWriter } from "./replace-matches.js";

/**
 * A browser sends at most 180 cookies to one site (Chromium's
 * kDomainMaxCookies in net/cookies/cookie_monster.cc; RFC 6265 section 6.1
 * asks for at least 50 per domain).
 */
export const MAX_HEADER_COOKIES = 180;

/**
 * Write the values to hide in a Cookie or Set-Cookie header value
 * (`name=value; name=value`, RFC 6265 section 4): a cookie whose name says
 * it holds a session or a credential (sid, session, token, csrf...), or
 * whose value looks random. Cookie names, attributes (Path, Expires,
 * SameSite...) and plain preferences (`theme=dark`) stay. `verdictOf` is
 * keyVerdict, remembered per scrub (the same names recur on every line).
 * A header of more cookies than a browser sends is no browser's: past the
 * 180th, the rest of the value is replaced whole, so such a line costs no
 * more than 180 cookies do and its output is not several times its size.
 */
export function cookieValueSpans(
  text: string,
  start: number,
  end: number,
  replacement: string,
  verdictOf: (name: string) => KeyVerdict | undefined,
  writer: SpanWriter,
): void {
  let pairStart = start;
  for (let cookies = 0; pairStart < end; cookies += 1) {
    if (cookies === MAX_HEADER_COOKIES) {
      writer.add(pairStart, end, replacement);
      return;
    }
    let pairEnd = text.indexOf(";", pairStart);
    if (pairEnd === -1 || pairEnd > end) pairEnd = end;
    let equals = pairStart;
    while (equals < pairEnd && text.charCodeAt(equals) !== 0x3d /* = */) equals += 1;
    if (equals < pairEnd) {
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
        if (secret) writer.add(valueStart, valueEnd, replacement);
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
