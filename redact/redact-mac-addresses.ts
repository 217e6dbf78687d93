import { passesGate, type StageGate } from "./char-class.js";
import { redactionToken } from "./redaction-token.js";
import { type RedactionCounter, SpanWriter } from "./replace-matches.js";

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

/**
 * Where a form may be: its first separator, with the groups and separators
 * after it. It starts with a separator, which the engine skips to quickly,
 * where a leading hex class would be tried at every position.
 */
export const MAC_FINDER_PATTERN =
  /(?::[0-9A-Fa-f]{2}){4}:|(?:-[0-9A-Fa-f]{2}){4}-|\.[0-9A-Fa-f]{4}\./g;

/** Each form by its separator: the whole pattern and where the separator sits in it. */
const FORMS: ReadonlyMap<number, [RegExp, number]> = new Map([
  [0x3a, [MAC_COLON_PATTERN, 2]],
  [0x2d, [MAC_DASH_PATTERN, 2]],
  [0x2e, [MAC_DOTTED_PATTERN, 4]],
]);

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
 * Separators: every MAC_FINDER_PATTERN match holds five colons, five
 * hyphens or two dots.
 */
export const MAC_GATE: StageGate = { chars: ":-.", count: 2 };

/**
 * A finder hit is checked by its form's whole pattern from two (or four)
 * characters before it; a rejected hit is passed over by one character, so
 * each character is read a bounded number of times.
 */
export function redactMacAddresses(text: string, counter: RedactionCounter): string {
  if (!passesGate(text, MAC_GATE)) return text;
  const writer = new SpanWriter(text, counter);
  MAC_FINDER_PATTERN.lastIndex = 0;
  for (let m = MAC_FINDER_PATTERN.exec(text); m !== null; m = MAC_FINDER_PATTERN.exec(text)) {
    const at = m.index;
    const [pattern, offset] = FORMS.get(text.charCodeAt(at)) as [RegExp, number];
    const start = at - offset;
    pattern.lastIndex = Math.max(0, start);
    if (start >= 0 && pattern.test(text)) {
      const end = pattern.lastIndex;
      if (isDevice(text.slice(start, end), offset === 4)) writer.add(start, end, REPLACEMENT);
      MAC_FINDER_PATTERN.lastIndex = end;
    } else {
      MAC_FINDER_PATTERN.lastIndex = at + 1;
    }
  }
  MAC_FINDER_PATTERN.lastIndex = 0;
  return writer.finish();
}
