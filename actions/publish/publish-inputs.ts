import { resolve } from "node:path";
import { z } from "zod";
import {
  booleanInput,
  fingerprintInput,
  integerInput,
  issueNumberInput,
  labelsInput,
  repoPairInputs,
} from "../shared/inputs/input-schemas.js";
import { type Env, parseInputs } from "../shared/inputs/read-inputs.js";
import { AUTOFIX_REASONS } from "../shared/patch/autofix-result.js";

const schema = z.object({
  ...repoPairInputs,
  fingerprint: fingerprintInput,
  facts: z.string().min(2).max(64_000),
  "public-issue": issueNumberInput,
  "attempt-comment": integerInput(1, Number.MAX_SAFE_INTEGER).optional(),
  "artifact-dir": z.string().min(1),
  // What the fix job's agent step recorded as step outputs, after every
  // process the agent started was gone (needs.fix.outputs.*), and how the
  // job ended (needs.fix.result). The artifact's result.json is not read.
  "fix-job": z.enum(["success", "failure", "cancelled", "skipped"]).optional(),
  "fix-status": z.enum(["ready", "failed"]).optional(),
  "fix-reason": z.enum(AUTOFIX_REASONS).optional(),
  "patch-sha256": z
    .string()
    .regex(/^[0-9a-f]{64}$/, { message: "use the fix job's patch-sha256 output" })
    .optional(),
  "fix-refusals": z.string().max(8_000).optional(),
  // Values that must never appear in a patch (the agent's API key): one per line.
  "known-secrets": z
    .string()
    .transform((v) =>
      v
        .split("\n")
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    )
    .optional(),
  workspace: z.string().min(1),
  base: z
    .string()
    .regex(/^[A-Za-z0-9._/-]{1,200}$/)
    .optional(),
  draft: booleanInput.default(true),
  labels: labelsInput.default(["crashfix"]),
  "max-files": integerInput(1, 1_000).default(20),
  "max-patch-bytes": integerInput(1, 10_000_000).default(262_144),
  "max-attempts": integerInput(1, 100).default(3),
  "commit-name": z
    .string()
    .regex(/^[A-Za-z0-9 ._[\]-]{1,100}$/)
    .default("crashfix"),
  "commit-email": z.email().default("crashfix@users.noreply.github.com"),
});

// The inputs this step reads (action.yml must declare each one).
export const PUBLISH_INPUTS = Object.keys(schema.shape);

export type PublishInputs = z.infer<typeof schema>;

export function readPublishInputs(env: Env): PublishInputs {
  const inputs = parseInputs(schema, PUBLISH_INPUTS, env);
  return {
    ...inputs,
    workspace: resolve(inputs.workspace),
    "artifact-dir": resolve(inputs["artifact-dir"]),
  };
}
