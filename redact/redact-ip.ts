import { ALNUM, charClass, inClass, isHexCode } from "./char-class.js";
import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter, Span } from "./replace-matches.js";
import { applySpans, replaceMatches } from "./replace-matches.js";

const OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

/**
 * Dotted-quad IPv4. Not preceded by a digit, dot or letter-v (`v1.2.3.4`
 * versions), not followed by another dotted number (longer version strings).
 */
export const IPV4_PATTERN = new RegExp(
  `(?<![0-9A-Za-z.])${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}(?![0-9]|\\.[0-9])`,
  "g",
);

/**
 * The regex form of the IPv6 candidates `redactIPv6` finds by hand: hex groups
 * joined by colons, optionally with an embedded IPv4 tail. Listed for the ReDoS
 * check.
 */
export const IPV6_CANDIDATE_PATTERN =
  /(?<![0-9A-Za-z:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,8}(?:\.[0-9]{1,3}){0,3}(?![0-9A-Za-z])/g;

const IPV6_CHARS = charClass("0-9A-Fa-f:.");

/**
 * Every IPv6 address holds "::" or, uncompressed, at least six colons
 * between hex groups (eight groups, or six and a dotted quad), so text
 * without this shape skips the full walk. `mayHoldIPv6` finds it by hand;
 * this regex form is the reference its tests compare against.
 */
export const IPV6_GATE_PATTERN =
  /::|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:/;

/**
 * Whether `IPV6_GATE_PATTERN` matches somewhere in the text. Jumps from colon
 * to colon with indexOf (faster than the regex, which tries every position)
 * and walks the hex groups after each; a walk that stops resumes the search
 * where it stopped, since no match can start inside it and run past that point.
 */
export function mayHoldIPv6(text: string): boolean {
  let colon = text.indexOf(":");
  while (colon !== -1) {
    let colons = 1;
    let group = 0;
    let p = colon + 1;
    for (; p < text.length; p += 1) {
      const code = text.charCodeAt(p);
      if (code === 0x3a) {
        if (group === 0) return true;
        colons += 1;
        if (colons === 5) return true;
        group = 0;
      } else if (group < 4 && isHexCode(code)) {
        group += 1;
      } else {
        break;
      }
    }
    colon = p >= text.length ? -1 : text.indexOf(":", p);
  }
  return false;
}

const IPV4_REPLACEMENT = redactionToken("IPV4");
const IPV6_REPLACEMENT = redactionToken("IPV6");

/**
 * Loopback and unspecified addresses identify no one and are what local
 * crashes mention ("connect ECONNREFUSED 127.0.0.1:3000"): they stay.
 */
function isHarmlessIPv4(address: string): boolean {
  return address.startsWith("127.") || address === "0.0.0.0";
}

export function redactIPv4(text: string, counter: RedactionCounter): string {
  return replaceMatches(
    text,
    IPV4_PATTERN,
    (match) => (isHarmlessIPv4(match[0]) ? undefined : IPV4_REPLACEMENT),
    counter,
  );
}

/**
 * Redact IPv6 addresses. Jumps from colon to colon (indexOf), widens each to
 * the run of hex digits, colons and dots around it, and validates the run;
 * the next search starts after the run, so every character is read at most
 * twice whatever the input.
 */
export function redactIPv6(text: string, counter: RedactionCounter): string {
  if (!mayHoldIPv6(text)) return text;
  const spans: Span[] = [];
  let resume = 0;
  let colon = text.indexOf(":");
  while (colon !== -1) {
    let start = colon;
    while (start > resume && inClass(IPV6_CHARS, text.charCodeAt(start - 1))) start -= 1;
    let end = colon + 1;
    while (end < text.length && inClass(IPV6_CHARS, text.charCodeAt(end))) end += 1;
    resume = end;
    // An address has at least two colons; most runs ("key":1, 12:30) have fewer.
    const second = text.indexOf(":", colon + 1);
    if (second !== -1 && second < end) {
      const address = ipv6Within(text, start, end);
      if (address !== undefined)
        spans.push({ start: address.start, end: address.end, replacement: IPV6_REPLACEMENT });
    }
    colon = end >= text.length ? -1 : text.indexOf(":", end);
  }
  return applySpans(text, spans, counter);
}

/** The address in text[start, end), trimmed of sentence dots and a port colon, if it is one. */
function ipv6Within(
  text: string,
  start: number,
  end: number,
): { start: number; end: number } | undefined {
  if (inClass(ALNUM, text.charCodeAt(start - 1)) || inClass(ALNUM, text.charCodeAt(end)))
    return undefined;
  let s = start;
  let e = end;
  while (s < e && text.charCodeAt(s) === 0x2e) s += 1;
  while (e > s && text.charCodeAt(e - 1) === 0x2e) e -= 1;
  if (e - s < 3 || e - s > 64) return undefined;
  let candidate = text.slice(s, e);
  if (!isIPv6(candidate) && candidate.endsWith(":") && !candidate.endsWith("::")) {
    e -= 1;
    candidate = candidate.slice(0, -1);
  }
  if (!isIPv6(candidate)) return undefined;
  const lower = candidate.toLowerCase();
  if (lower === "::1" || lower === "::") return undefined;
  return { start: s, end: e };
}

const DOTTED_QUAD = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

function isHexGroup(text: string, start: number, end: number): boolean {
  if (end <= start || end - start > 4) return false;
  for (let i = start; i < end; i += 1) {
    if (!isHexCode(text.charCodeAt(i))) return false;
  }
  return true;
}

/**
 * RFC 4291 section 2.2 text forms: eight groups, or fewer with one "::",
 * optionally ending in a dotted quad (two groups' worth). Hand-parsed: this
 * runs for every colon run in the text, so it allocates nothing.
 */
export function isIPv6(text: string): boolean {
  let end = text.length;
  let tailGroups = 0;
  const lastColon = text.lastIndexOf(":");
  if (lastColon === -1) return false;
  if (text.indexOf(".", lastColon) !== -1) {
    if (!DOTTED_QUAD.test(text.slice(lastColon + 1))) return false;
    end = lastColon + 1;
    tailGroups = 2;
  }
  const gap = text.indexOf("::");
  if (gap !== -1 && text.indexOf("::", gap + 1) !== -1) return false;
  let groups = 0;
  let start = 0;
  for (let i = 0; i <= end; i += 1) {
    const atSeparator = i === end || text.charCodeAt(i) === 0x3a;
    if (!atSeparator) continue;
    const empty = i === start;
    // Empty groups are allowed only as the two sides of "::" (and its ends).
    const inGap = gap !== -1 && (start === gap || start === gap + 1 || start === gap + 2);
    if (empty) {
      const trailingTail = tailGroups > 0 && i === end && start === end;
      if (!inGap && !trailingTail) return false;
    } else {
      if (!isHexGroup(text, start, i)) return false;
      groups += 1;
    }
    start = i + 1;
  }
  const total = groups + tailGroups;
  return gap === -1 ? total === 8 : total <= 7;
}
