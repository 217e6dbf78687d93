import {
  charClass,
  inClass,
  isDigitCode,
  isHexCode,
  passesGate,
  type StageGate,
} from "./char-class.js";
import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { SpanWriter } from "./replace-matches.js";

const OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

/**
 * Dotted-quad IPv4, glued to anything but a longer dotted number: not after
 * a digit or "<digit>." and not before a digit or ".<digit>" (so
 * `1.2.3.4.5` is no address), not after `v` (`v1.2.3.4` is a version).
 * Letters, `.`, `:`, `_` and `-` around it do not hide it (`app.203.0.113.5`).
 */
export const IPV4_PATTERN = new RegExp(
  `(?<![0-9vV]|[0-9]\\.)${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}(?![0-9]|\\.[0-9])`,
  "y",
);

/**
 * Where an address may be: its first dot, with two more dotted numbers
 * after it. It starts with a dot, which the engine skips to quickly, where
 * the address's leading digits would be tried at every digit.
 */
export const IPV4_FINDER_PATTERN = /\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]/g;

/** Words that make a dotted quad a version or a section number (`Version=13.0.0.0`, `section 4.1.2.7`). */
export const NUMBERING_BEFORE_PATTERN =
  /(?:version|ver|rev|release|build|section|sect|clause|chapter|\u00a7)[ =:]{0,3}$/i;

/**
 * The regex form of the IPv6 candidates `redactIPv6` finds by hand: hex groups
 * joined by colons, optionally with an embedded IPv4 tail. Listed for the ReDoS
 * check.
 */
export const IPV6_CANDIDATE_PATTERN =
  /(?<![0-9A-Fa-f:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,8}(?:\.[0-9]{1,3}){0,3}(?![0-9A-Fa-f:])/g;

const IPV6_CHARS = charClass("0-9A-Fa-f:.");

const IPV4_REPLACEMENT = redactionToken("IPV4");
const IPV6_REPLACEMENT = redactionToken("IPV6");

/**
 * Loopback, unspecified and mask-like addresses identify no one and are what
 * local crashes mention ("connect ECONNREFUSED 127.0.0.1:3000", "netmask
 * 255.255.255.0"): they stay.
 */
function isHarmlessIPv4(address: string): boolean {
  return address.startsWith("127.") || address.startsWith("0.") || address.startsWith("255.");
}

/** Every IPV4_FINDER_PATTERN match holds three dots. */
export const IPV4_GATE: StageGate = { chars: ".", count: 3 };
/** Every IPV6_FINDER_PATTERN match holds two colons. */
export const IPV6_GATE: StageGate = { chars: ":", count: 2 };

export function redactIPv4(text: string, counter: RedactionCounter): string {
  if (!passesGate(text, IPV4_GATE)) return text;
  const writer = new SpanWriter(text, counter);
  IPV4_FINDER_PATTERN.lastIndex = 0;
  for (let m = IPV4_FINDER_PATTERN.exec(text); m !== null; m = IPV4_FINDER_PATTERN.exec(text)) {
    // The first number is the one to three digits before the dot.
    let start = m.index;
    while (start > m.index - 3 && isDigitCode(text.charCodeAt(start - 1))) start -= 1;
    IPV4_FINDER_PATTERN.lastIndex = m.index + 1;
    if (start === m.index) continue;
    IPV4_PATTERN.lastIndex = start;
    const address = IPV4_PATTERN.exec(text);
    if (address === null) continue;
    const end = start + address[0].length;
    IPV4_FINDER_PATTERN.lastIndex = end;
    if (isHarmlessIPv4(address[0])) continue;
    const before = text.slice(Math.max(0, start - 16), start);
    if (!NUMBERING_BEFORE_PATTERN.test(before)) writer.add(start, end, IPV4_REPLACEMENT);
  }
  IPV4_FINDER_PATTERN.lastIndex = 0;
  return writer.finish();
}

/**
 * What every IPv6 text form holds: `::`, or else eight groups (or six and
 * a dotted quad), so four colons one group apart. Times and frame
 * positions (`12:07:44.340`, `app.js:12:5`) hold neither.
 */
export const IPV6_FINDER_PATTERN = /::|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:/g;

/**
 * Redact IPv6 addresses. Each finder hit is widened to the run of hex
 * digits, colons and dots around it, and the run is validated; the next
 * search starts after the run, so every character is read at most twice
 * whatever the input.
 */
export function redactIPv6(text: string, counter: RedactionCounter): string {
  if (!passesGate(text, IPV6_GATE)) return text;
  const writer = new SpanWriter(text, counter);
  let resume = 0;
  IPV6_FINDER_PATTERN.lastIndex = 0;
  for (let m = IPV6_FINDER_PATTERN.exec(text); m !== null; m = IPV6_FINDER_PATTERN.exec(text)) {
    let start = m.index;
    while (start > resume && inClass(IPV6_CHARS, text.charCodeAt(start - 1))) start -= 1;
    let end = m.index + m[0].length;
    while (end < text.length && inClass(IPV6_CHARS, text.charCodeAt(end))) end += 1;
    resume = end;
    const address = ipv6Within(text, start, end);
    if (address !== undefined) writer.add(address.start, address.end, IPV6_REPLACEMENT);
    IPV6_FINDER_PATTERN.lastIndex = end;
  }
  IPV6_FINDER_PATTERN.lastIndex = 0;
  return writer.finish();
}

/**
 * The address in text[start, end), a run of hex digits, colons and dots,
 * trimmed of sentence dots and a colon glued on either side (`Xx:fe80::1`,
 * `[fe80::1]:`), if it is one. Whatever sits around the run does not matter:
 * the run already holds every character an address could continue with.
 */
function ipv6Within(
  text: string,
  start: number,
  end: number,
): { start: number; end: number } | undefined {
  let s = start;
  let e = end;
  while (s < e && text.charCodeAt(s) === 0x2e) s += 1;
  while (e > s && text.charCodeAt(e - 1) === 0x2e) e -= 1;
  if (text.charCodeAt(s) === 0x3a && text.charCodeAt(s + 1) !== 0x3a) s += 1;
  if (text.charCodeAt(e - 1) === 0x3a && text.charCodeAt(e - 2) !== 0x3a) e -= 1;
  if (e - s < 3 || e - s > 64 || !hasAddressColons(text, s, e)) return undefined;
  // Letters glued on may join the run ("...:cafe:app" reads "...:cafe:a",
  // "fe80::1.app" reads "fe80::1.a"): without its first or last piece too.
  const cuts: Array<[number, number]> = [[s, e]];
  const tail = Math.max(text.lastIndexOf(":", e - 1), text.lastIndexOf(".", e - 1));
  const head = text.indexOf(":", s);
  if (tail > s) cuts.push([s, tail]);
  if (head !== -1 && head > s && head < e) cuts.push([head + 1, e]);
  for (const [from, to] of cuts) {
    const candidate = text.slice(from, to);
    if (!isIPv6(candidate) || !looksLikeAddress(candidate)) continue;
    const lower = candidate.toLowerCase();
    if (lower === "::1" || lower === "::") return undefined;
    return { start: from, end: to };
  }
  return undefined;
}

/**
 * Whether text[s, e) holds a "::" or six colons: every text form has one or
 * the other (eight groups, or six and a dotted quad), so times and frame
 * positions (`12:07:44.340`, `app.js:12:5`) stop here.
 */
function hasAddressColons(text: string, s: number, e: number): boolean {
  let colons = 0;
  for (let i = s; i < e; i += 1) {
    if (text.charCodeAt(i) !== 0x3a) continue;
    if (i + 1 < e && text.charCodeAt(i + 1) === 0x3a) return true;
    colons += 1;
  }
  return colons >= 6;
}

/**
 * RFC 4291 also accepts `d::` and `a::b`, which are C++ and Rust paths
 * (`std::map`): an address here has two groups or more and a digit.
 */
function looksLikeAddress(candidate: string): boolean {
  let groups = 0;
  let digit = false;
  let inGroup = false;
  for (let i = 0; i < candidate.length; i += 1) {
    const code = candidate.charCodeAt(i);
    if (code === 0x3a) {
      inGroup = false;
      continue;
    }
    if (!inGroup) groups += 1;
    inGroup = true;
    if (isDigitCode(code)) digit = true;
  }
  return groups >= 2 && digit;
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
