import { z } from "zod";
import { fingerprintInput, integerInput, repoPairInputs } from "../shared/inputs/input-schemas.js";
import { type Env, parseInputs } from "../shared/inputs/read-inputs.js";

const schema = z.object({
  ...repoPairInputs,
  fingerprint: fingerprintInput,
  "max-attempts": integerInput(1, 100).default(3),
});

// The inputs this step reads (action.yml must declare each one).
export const PREPARE_INPUTS = Object.keys(schema.shape);

export type PrepareInputs = z.infer<typeof schema>;

export function readPrepareInputs(env: Env): PrepareInputs {
  return parseInputs(schema, PREPARE_INPUTS, env);
}
