import { redactionToken } from "./redaction-token.js";
import { applySpans, type RedactionCounter, replaceMatches, type Span } from "./replace-matches.js";

/**
 * MAC addresses (IEEE 802 EUI-48) as tools print them: six hex pairs joined
 * by one kind of separator, `:` (Linux `ip link`, macOS) or `-` (Windows
 * `ipconfig`), or three groups of four joined by dots (Cisco IOS). Not
 * inside a longer run of hex groups (an IPv6 address, a hash).
 */
export const MAC_PATTERN =
  /(?<![0-9A-Fa-f:-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![0-9A-Fa-f:-])/g;
export const MAC_DOTTED_PATTERN =
  /(?<![0-9A-Fa-f.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![0-9A-Fa-f.])/y;

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

export function redactMacAddresses(text: string, counter: RedactionCounter): string {
  const out = replaceMatches(
    text,
    MAC_PATTERN,
    (match) => (isDevice(match[0], false) ? REPLACEMENT : undefined),
    counter,
  );
  // The dotted form, tried where a dot sits four characters in (a class
  // run before a literal cannot be skipped to by the engine).
  const spans: Span[] = [];
  let from = 0;
  for (let dot = out.indexOf("."); dot !== -1; dot = out.indexOf(".", dot + 1)) {
    const start = dot - 4;
    if (start < from) continue;
    MAC_DOTTED_PATTERN.lastIndex = start;
    if (!MAC_DOTTED_PATTERN.test(out)) continue;
    const end = MAC_DOTTED_PATTERN.lastIndex;
    if (isDevice(out.slice(start, end), true)) spans.push({ start, end, replacement: REPLACEMENT });
    from = end;
  }
  return applySpans(out, spans, counter);
}
