import { redactionToken } from "./redaction-token.js";
import type { RedactionCounter } from "./replace-matches.js";
import { replaceMatches } from "./replace-matches.js";

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
 * Candidate IPv6 text: hex groups joined by colons, optionally with an
 * embedded IPv4 tail. Each repetition starts with a colon, so there is one way
 * to split a match; the candidate is then validated by `isIPv6`.
 */
export const IPV6_CANDIDATE_PATTERN =
  /(?<![0-9A-Za-z:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,8}(?:\.[0-9]{1,3}){0,3}(?![0-9A-Za-z])/g;

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

export function redactIPv6(text: string, counter: RedactionCounter): string {
  if (!text.includes(":")) return text;
  return replaceMatches(
    text,
    IPV6_CANDIDATE_PATTERN,
    (match) => {
      const candidate = match[0];
      if (!isIPv6(candidate)) return undefined;
      const lower = candidate.toLowerCase();
      if (lower === "::1" || lower === "::") return undefined;
      return IPV6_REPLACEMENT;
    },
    counter,
  );
}

const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const DOTTED_QUAD = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/** RFC 4291 section 2.2 text forms: eight groups, or fewer with one "::". */
export function isIPv6(text: string): boolean {
  let body = text;
  let groupsForTail = 0;
  const lastColon = body.lastIndexOf(":");
  const tail = body.slice(lastColon + 1);
  if (tail.includes(".")) {
    if (!DOTTED_QUAD.test(tail)) return false;
    body = `${body.slice(0, lastColon + 1)}0`;
    groupsForTail = 1;
  }
  const halves = body.split("::");
  if (halves.length > 2) return false;
  const parse = (half: string): string[] | undefined => {
    if (half === "") return [];
    const groups = half.split(":");
    return groups.every((g) => HEX_GROUP.test(g)) ? groups : undefined;
  };
  const head = parse(halves[0] ?? "");
  const rest = halves.length === 2 ? parse(halves[1] ?? "") : [];
  if (head === undefined || rest === undefined) return false;
  const count = head.length + rest.length + groupsForTail;
  if (halves.length === 2) return count <= 7;
  return count === 8;
}
