import { redactionToken } from "./redaction-token.js";
import { applySpans, type RedactionCounter, type Span } from "./replace-matches.js";

/**
 * MAC addresses (IEEE 802 EUI-48) as tools print them: six hex pairs joined
 * by one kind of separator, `:` (Linux `ip link`, macOS) or `-` (Windows
 * `ipconfig`), or three groups of four joined by dots (Cisco IOS). Not
 * inside a longer run of hex groups (an IPv6 address, a hash); any other
 * character may be glued on either side.
 */
export const MAC_COLON_PATTERN =
  /(?<![0-9A-Fa-f]|[0-9A-Fa-f]:)[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){4}(?![0-9A-Fa-f]|:[0-9A-Fa-f]+(?![A-Za-z0-9]))/y;
export const MAC_DASH_PATTERN =
  /(?<![0-9A-Fa-f]|[0-9A-Fa-f]-)[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){4}(?![0-9A-Fa-f]|-[0-9A-Fa-f]+(?![A-Za-z0-9]))/y;
export const MAC_DOTTED_PATTERN =
  /(?<![0-9A-Fa-f.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![0-9A-Fa-f.])/y;

/** Each form, the separator it is tried at, and where that separator sits in an address. */
const FORMS: ReadonlyArray<[RegExp, string, number, boolean]> = [
  [MAC_COLON_PATTERN, ":", 2, false],
  [MAC_DASH_PATTERN, "-", 2, false],
  [MAC_DOTTED_PATTERN, ".", 4, true],
];

const REPLACEMENT = redactionToken("MAC_ADDRESS");

/**
 * All zeros (loopback, unset) and all ones (broadcast) name no device. A
 * dotted form without a letter is more often a build or date number.
 */
function isDevice(address: string, dotted: boolean): boolean {
  const hex = address.replace(/[^0-9A-Fa-f]/g, "").toLowerCase();
  if (/^0+$/.test(hex) || /^f+$/.test(hex)) return false;
  return !dotted || /[a-f]/.test(hex);
}

/**
 * Each form is tried only where its separator sits two (or four) characters
 * in: the engine cannot skip ahead to a separator that follows a character
 * class, and trying the class at every position cost more than the rest of
 * the stage. The search goes on after an address, so each character is read
 * a bounded number of times.
 */
export function redactMacAddresses(text: string, counter: RedactionCounter): string {
  let out = text;
  for (const [pattern, separator, offset, dotted] of FORMS) {
    const spans: Span[] = [];
    let from = 0;
    for (let at = out.indexOf(separator); at !== -1; at = out.indexOf(separator, at + 1)) {
      const start = at - offset;
      if (start < from) continue;
      pattern.lastIndex = start;
      if (!pattern.test(out)) continue;
      const end = pattern.lastIndex;
      if (isDevice(out.slice(start, end), dotted))
        spans.push({ start, end, replacement: REPLACEMENT });
      from = end;
    }
    out = applySpans(out, spans, counter);
  }
  return out;
}
