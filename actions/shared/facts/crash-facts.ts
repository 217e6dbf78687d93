import { z } from "zod";
import { fingerprint as computeFingerprint, reportSchema } from "../../../redact/index.js";
import { ActionError, schemaFailure } from "../errors.js";

// The only crash data that leaves the triage repo: fields of the report
// whitelist (docs/DESIGN.md section 2), each re-validated with the report schema's
// own field validators (length caps and character sets), plus counts. Triage
// free text, comments, labels, issue numbers and the repo's name never enter.
const field = reportSchema.shape;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const crashFactsSchema = z.strictObject({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  error_class: field.error_class,
  stack_signature: field.stack_signature,
  app: field.app.optional(),
  first_seen_version: field.app_version.optional(),
  versions: z.array(field.app_version).max(10),
  platforms: z.array(z.strictObject({ os: field.os, arch: field.arch })).max(10),
  phase: field.phase.optional(),
  exit_code: field.exit_code.optional(),
  friction_kind: field.friction_kind.optional(),
  occurrences: z.number().int().min(0),
  projects: z.number().int().min(0),
  first_seen: day.optional(),
  last_seen: day.optional(),
});

export type CrashFacts = z.infer<typeof crashFactsSchema>;

// Parses facts that crossed a job boundary (a step output, an input): they
// are validated again, and the fingerprint must still match the error class
// and signatures, so nobody can swap the data a fingerprint stands for.
export function parseCrashFacts(json: string): CrashFacts {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new ActionError(
      "INVALID_FACTS",
      "the crash facts are not JSON; pass the prepare step's `facts` output unchanged",
      { cause: error },
    );
  }
  return validateCrashFacts(value);
}

// Where facts fail: the schema's field paths (never their values), and
// "fingerprint" when it no longer matches the error class and signatures.
export function factsProblems(value: unknown): string[] {
  const result = crashFactsSchema.safeParse(value);
  if (!result.success) return [...new Set(result.error.issues.map((i) => i.path.join(".")))];
  const facts = result.data;
  return computeFingerprint(facts.error_class, facts.stack_signature) === facts.fingerprint
    ? []
    : ["fingerprint"];
}

export function validateCrashFacts(value: unknown): CrashFacts {
  const result = crashFactsSchema.safeParse(value);
  if (!result.success) {
    throw schemaFailure("INVALID_FACTS", "the crash facts fail the report schema", result.error);
  }
  if (factsProblems(result.data).length > 0) {
    throw new ActionError(
      "INVALID_FACTS",
      "the fingerprint does not match the error class and stack signature; the triage issue was edited or is not a crashfix issue",
    );
  }
  return result.data;
}
