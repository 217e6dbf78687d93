import { z } from "zod";
import { ActionError } from "./errors.js";

export const AUTOFIX_REASONS = [
  "ok",
  "agent-failed",
  "agent-timeout",
  "no-change",
  "patch-refused",
  "secret-in-patch",
  "ci-failed",
  "ci-timeout",
] as const;
export type AutofixReason = (typeof AUTOFIX_REASONS)[number];

// The agent job's verdict, handed to the privileged job as an artifact. That
// job treats it as untrusted (agent code ran beside it): strict shape, short
// strings, and the patch is checked again from its own bytes.
export const autofixResultSchema = z.strictObject({
  schema: z.literal("1"),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  status: z.enum(["ready", "failed"]),
  reason: z.enum(AUTOFIX_REASONS),
  base_sha: z.string().regex(/^[0-9a-f]{40}$/),
  patch_sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  files: z.number().int().min(0).max(100_000),
  refusals: z.array(z.string().max(300)).max(20),
  timings: z.strictObject({
    agent_ms: z.number().int().min(0),
    ci_ms: z.number().int().min(0),
  }),
});

export type AutofixResult = z.infer<typeof autofixResultSchema>;

export const RESULT_FILE = "result.json";
export const PATCH_FILE = "crashfix.patch";

export function parseAutofixResult(text: string): AutofixResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ActionError("INVALID_RESULT", "the auto-fix result is not JSON", { cause: error });
  }
  const parsed = autofixResultSchema.safeParse(value);
  if (!parsed.success) {
    throw new ActionError(
      "INVALID_RESULT",
      `the auto-fix result has an unexpected shape: ${parsed.error.issues
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .slice(0, 5)
        .join("; ")}`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}
