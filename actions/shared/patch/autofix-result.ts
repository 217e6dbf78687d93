import { z } from "zod";

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

// The agent step's verdict, written to the artifact as result.json for the
// people reading it. Publish never reads it: it trusts the step's outputs,
// recorded once every process the agent started was gone, and checks the
// patch again from its own bytes.
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
