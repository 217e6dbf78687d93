import { shortFingerprint } from "../redact/fingerprint.js";

// Label vocabulary of the triage repo (docs/DESIGN.md section 4). GitHub caps label
// names at 50 characters, so the fingerprint label carries a 16-hex prefix and
// the full fingerprint lives in a hidden marker in the issue body.
// https://docs.github.com/en/rest/issues/labels#create-a-label

export const CRASHFIX_LABEL = "crashfix";

export const STATUS_LABELS = [
  "crash:new",
  "crash:confirmed",
  "crash:promoted",
  "crash:fix-proposed",
  "crash:fixed",
  "crash:regressed",
] as const;

export type TriageStatus = (typeof STATUS_LABELS)[number];

const FP_LABEL_PREFIX = "fp:";
const HEX_64 = /^[0-9a-f]{64}$/;

export class TriageFormatError extends Error {
  readonly code: "INVALID_FINGERPRINT" | "INVALID_TRANSITION";
  constructor(code: TriageFormatError["code"], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TriageFormatError";
    this.code = code;
  }
}

export { shortFingerprint };

export function isFingerprint(value: string): boolean {
  return HEX_64.test(value);
}

export function fpLabel(fingerprint: string): string {
  if (!isFingerprint(fingerprint)) {
    throw new TriageFormatError(
      "INVALID_FINGERPRINT",
      "a fingerprint is 64 lower-case hex characters (sha256); got something else",
    );
  }
  return `${FP_LABEL_PREFIX}${shortFingerprint(fingerprint)}`;
}

export function isFpLabel(name: string): boolean {
  return /^fp:[0-9a-f]{16}$/.test(name);
}

export function isStatusLabel(name: string): name is TriageStatus {
  return (STATUS_LABELS as readonly string[]).includes(name);
}

type LabelLike = string | { name?: string | undefined };

function labelName(label: LabelLike): string {
  return typeof label === "string" ? label : (label.name ?? "");
}

// Accepts GitHub's label objects as well as plain names, since the REST API
// answers with objects and callers often hold names.
export function statusOf(labels: readonly LabelLike[]): TriageStatus | undefined {
  // Several status labels can appear when a human edits labels by hand; the
  // furthest one along the lifecycle wins so a fix is never forgotten.
  let found: TriageStatus | undefined;
  for (const label of labels) {
    const name = labelName(label);
    if (isStatusLabel(name) && (!found || rank(name) > rank(found))) found = name;
  }
  return found;
}

function rank(status: TriageStatus): number {
  return STATUS_LABELS.indexOf(status);
}

export function withStatus(labels: readonly LabelLike[], status: TriageStatus): string[] {
  const kept = labels.map(labelName).filter((name) => name !== "" && !isStatusLabel(name));
  return [...new Set([...kept, status])];
}
