import { CRASHFIX_LABEL, fpLabel } from "./labels.js";
import { codeBlock, codeSpan, commentSafeJson, plainTitle } from "./markdown-text.js";
import { plural } from "./plain-words.js";
import type { TriageReport } from "./triage-report.js";

export const FINGERPRINT_MARKER_PREFIX = "<!-- crashfix:fingerprint=";
export const ISSUE_STATE_MARKER_PREFIX = "<!-- crashfix:issue-state=";

// What the body's hidden state block holds; parseTriageIssue returns it.
export type TriageIssueFacts = {
  fingerprint: string;
  errorClass: string;
  signatures: string[];
  firstSeenVersion: string;
  app: string;
  phase?: string;
  exitCode?: number;
  frictionKind?: string;
};

export type RenderedTriageIssue = { title: string; body: string; labels: string[] };

export function triageTitle(errorClass: string, signatures: readonly string[]): string {
  const top = signatures[0];
  return plainTitle(top ? `${errorClass} in ${top}` : errorClass);
}

export function factsOf(report: TriageReport): TriageIssueFacts {
  const facts: TriageIssueFacts = {
    fingerprint: report.fingerprint,
    errorClass: report.error_class,
    signatures: [...report.stack_signature],
    firstSeenVersion: report.app_version,
    app: report.app,
  };
  if (report.phase !== undefined) facts.phase = report.phase;
  if (report.exit_code !== undefined) facts.exitCode = report.exit_code;
  if (report.friction_kind !== undefined) facts.frictionKind = report.friction_kind;
  return facts;
}

export function renderTriageIssue(report: TriageReport): RenderedTriageIssue {
  const facts = factsOf(report);
  const rows: [string, string][] = [
    ["App", codeSpan(facts.app)],
    ["First seen in", codeSpan(facts.firstSeenVersion)],
    ["Error class", codeSpan(facts.errorClass)],
  ];
  if (facts.phase !== undefined) rows.push(["Phase", codeSpan(facts.phase)]);
  if (facts.exitCode !== undefined) rows.push(["Exit code", codeSpan(String(facts.exitCode))]);
  if (facts.frictionKind !== undefined) rows.push(["Friction", codeSpan(facts.frictionKind)]);
  rows.push(["Fingerprint", codeSpan(facts.fingerprint)]);
  const body = [
    `${FINGERPRINT_MARKER_PREFIX}${facts.fingerprint} -->`,
    `${ISSUE_STATE_MARKER_PREFIX}${commentSafeJson(facts)} -->`,
    "",
    "A crash reported by crashfix. Reports are scrubbed on the user's machine and again on the server; this issue holds no user data.",
    "",
    "| Fact | Value |",
    "| --- | --- |",
    ...rows.map(([key, value]) => `| ${key} | ${value} |`),
    "",
    `**Stack signature** (top ${plural(facts.signatures.length, "frame")}, symbol names only)`,
    "",
    codeBlock(facts.signatures.length > 0 ? facts.signatures : ["(no frames)"]),
    "",
    "Occurrence counts live in the counters comment below, updated in place.",
  ].join("\n");
  return {
    title: triageTitle(facts.errorClass, facts.signatures),
    body,
    labels: [CRASHFIX_LABEL, fpLabel(facts.fingerprint), "crash:new"],
  };
}
