import { z } from "zod";
import { readMarkerJson } from "./read-marker-json.js";
import { ISSUE_STATE_MARKER_PREFIX, type TriageIssueFacts } from "./render-issue.js";

const FINGERPRINT_MARKER = /<!-- crashfix:fingerprint=([0-9a-f]{64}) -->/;

const factsSchema = z.strictObject({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  errorClass: z.string(),
  signatures: z.array(z.string()),
  firstSeenVersion: z.string(),
  app: z.string(),
  phase: z.string().optional(),
  exitCode: z.number().int().optional(),
  frictionKind: z.string().optional(),
});

// Reads back the full fingerprint from the hidden marker, whatever else a
// human did to the body.
export function parseFingerprintMarker(body: string | null | undefined): string | undefined {
  return body ? FINGERPRINT_MARKER.exec(body)?.[1] : undefined;
}

export function parseTriageIssue(body: string | null | undefined): TriageIssueFacts | undefined {
  if (!body) return undefined;
  const fingerprint = parseFingerprintMarker(body);
  if (!fingerprint) return undefined;
  const parsed = factsSchema.safeParse(readMarkerJson(body, ISSUE_STATE_MARKER_PREFIX));
  if (!parsed.success || parsed.data.fingerprint !== fingerprint) return undefined;
  const { phase, exitCode, frictionKind, ...required } = parsed.data;
  const facts: TriageIssueFacts = { ...required };
  if (phase !== undefined) facts.phase = phase;
  if (exitCode !== undefined) facts.exitCode = exitCode;
  if (frictionKind !== undefined) facts.frictionKind = frictionKind;
  return facts;
}
