import { z } from "zod";
import { ActionError } from "../shared/errors.js";
import { integerInput, repoPairInputs } from "../shared/inputs/input-schemas.js";
import { type Env, parseInputs } from "../shared/inputs/read-inputs.js";

const schema = z.object({
  ...repoPairInputs,
  // 0 turns the threshold rule off: only the crash:confirmed label promotes.
  "min-occurrences": integerInput(0, 1_000_000_000).default(0),
  "min-projects": integerInput(0, 1_000_000).default(1),
  // Public issues opened per run, at most: a burst of promotions would hit
  // GitHub's content-creation limits and flood the public tracker.
  "max-promotions": integerInput(1, 100).default(10),
  // Fingerprints with this many auto-fix attempts are not listed for auto-fix.
  "max-attempts": integerInput(1, 100).default(3),
});

// The inputs this step reads (action.yml must declare each one).
export const PROMOTE_INPUTS = Object.keys(schema.shape);

export type PromoteInputs = z.infer<typeof schema>;

export function readPromoteInputs(env: Env): PromoteInputs {
  const inputs = parseInputs(schema, PROMOTE_INPUTS, env);
  if (inputs.repo.toLowerCase() === inputs["triage-repo"].toLowerCase()) {
    throw new ActionError(
      "INVALID_INPUT",
      "triage-repo and repo name the same repository; the triage repo must be a separate private one",
    );
  }
  return inputs;
}
