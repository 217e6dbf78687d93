import { redactValue } from "../../../redact/index.js";

// A push-protection gate for the agent's change: every added line goes
// through the one scrubber (redact/), and what it would replace is a find,
// named by the class in its `[REDACTED:<CLASS>]` token. A high-confidence
// find refuses the change; the rest are listed for the reviewer. A find
// never carries the value, only where it is and its class.

export type Confidence = "high" | "low";

export interface Finding {
  path: string;
  line: number;
  kind: string;
  confidence: Confidence;
}

export interface AddedLine {
  path: string;
  line: number;
  text: string;
}

// Classes that are often not a credential in source code: a keyed value
// (`password = "test"`, `api_key = process.env.API_KEY`), personal data,
// example JWTs, a bearer or basic header in a fixture. Every other class the
// scrubber names (provider tokens by shape, private keys, credentials in a
// URL, and any class added later) is high confidence: fail closed.
const LOW_CONFIDENCE = new Set([
  "SECRET",
  "PASSWORD",
  "COOKIE",
  "SESSION_ID",
  "EMAIL",
  "IPV4",
  "IPV6",
  "CARD_NUMBER",
  "USERNAME",
  "REPO",
  "JWT",
  "BEARER_TOKEN",
  "BASIC_AUTH",
  "AUTH_CREDENTIALS",
  "OTHER",
]);

export const KNOWN_SECRET = "KNOWN_SECRET";
const TOKEN = /\[REDACTED:([A-Z0-9_]+)\]/g;
// What a fixture's obviously fake credential looks like: a marker word, a run
// of one character, or a counting sequence (AWS documents AKIAIOSFODNN7EXAMPLE).
const FAKE_MARKER =
  /example|fake|dummy|sample|placeholder|redacted|your|test|x{6,}|0{6,}|123456|abcdef/i;
// The characters that end a token in source text.
const WORD_BREAK = /[\s"'`,;(){}[\]<>=]+/;

function classes(text: string): string[] {
  const redacted = redactValue(text);
  if (redacted === text) return [];
  const before = new Set([...text.matchAll(TOKEN)].map((m) => m[1]));
  const found = [...redacted.matchAll(TOKEN)]
    .map((m) => m[1] ?? "OTHER")
    .filter((kind) => !before.has(kind));
  return found.length > 0 ? [...new Set(found)] : ["OTHER"];
}

function looksFake(word: string): boolean {
  const distinct = new Set(word.replace(/^[A-Za-z]{2,12}[-_]/, "")).size;
  return FAKE_MARKER.test(word) || distinct < 10;
}

// A class found on a line is high confidence unless every word of the line
// that carries it looks like an obvious fixture.
function confidenceOf(kind: string, text: string): Confidence {
  if (LOW_CONFIDENCE.has(kind)) return "low";
  const carriers = text
    .split(WORD_BREAK)
    .filter((word) => word.length >= 8 && classes(word).includes(kind));
  return carriers.length > 0 && carriers.every(looksFake) ? "low" : "high";
}

export function scanAddedLines(
  lines: readonly AddedLine[],
  knownSecrets: readonly string[] = [],
): Finding[] {
  const secrets = knownSecrets.filter((s) => s.length >= 8);
  const findings: Finding[] = [];
  for (const { path, line, text } of lines) {
    if (secrets.some((secret) => text.includes(secret))) {
      findings.push({ path, line, kind: KNOWN_SECRET, confidence: "high" });
      continue;
    }
    for (const kind of classes(text)) {
      findings.push({ path, line, kind, confidence: confidenceOf(kind, text) });
    }
  }
  return findings;
}

// The added lines of a unified diff made with -U0 (`+` lines, each with its
// path and line number in the new file).
export function addedLines(diff: string): AddedLine[] {
  const out: AddedLine[] = [];
  let path = "";
  let next = 0;
  for (const raw of diff.split("\n")) {
    if (raw.startsWith("+++ ")) {
      path = raw
        .slice(4)
        .replace(/^"?b\//, "")
        .replace(/"$/, "");
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(raw);
    if (hunk) {
      next = Number(hunk[1]);
      continue;
    }
    if (raw.startsWith("+") && path !== "/dev/null") {
      out.push({ path, line: next, text: raw.slice(1) });
      next += 1;
    }
  }
  return out;
}

// One short line per find, for the triage note or the PR body: where, and
// which class, never the value.
export function describeFinding(finding: Finding): string {
  return `${finding.path}:${finding.line} ${finding.kind}`;
}
