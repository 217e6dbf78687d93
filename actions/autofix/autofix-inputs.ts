import { isAbsolute, relative, resolve } from "node:path";
import { z } from "zod";
import { ActionError } from "../shared/errors.js";
import { integerInput, issueNumberInput } from "../shared/inputs/input-schemas.js";
import { type Env, parseInputs } from "../shared/inputs/read-inputs.js";

const minutes = z
  .string()
  .regex(/^\d+(\.\d+)?$/, { message: "use minutes, e.g. 30 or 0.5" })
  .transform(Number)
  .pipe(
    z
      .number()
      .positive()
      .max(24 * 60),
  );

const schema = z.object({
  facts: z.string().min(2).max(64_000),
  "public-issue": issueNumberInput.optional(),
  workspace: z.string().min(1),
  "out-dir": z.string().min(1),
  "agent-command": z.string().min(1, { message: "name the command that runs your coding agent" }),
  "ci-command": z.string().min(1, { message: "name your project's CI command, e.g. npm test" }),
  "agent-timeout-minutes": minutes.default(30),
  "ci-timeout-minutes": minutes.default(20),
  "max-files": integerInput(1, 1_000).default(20),
  "max-patch-bytes": integerInput(1, 10_000_000).default(262_144),
});

// The inputs this step reads (action.yml must declare each one).
export const AUTOFIX_INPUTS = Object.keys(schema.shape);

export type AutofixInputs = z.infer<typeof schema>;

export function readAutofixInputs(env: Env): AutofixInputs {
  const inputs = parseInputs(schema, AUTOFIX_INPUTS, env);
  const workspace = resolve(inputs.workspace);
  const outDir = resolve(inputs["out-dir"]);
  const rel = relative(workspace, outDir);
  // The brief and the result must not land in the checkout, or they would
  // become part of the agent's patch.
  if (rel === "" || (!rel.startsWith("..") && !isAbsolute(rel))) {
    throw new ActionError(
      "INVALID_INPUT",
      'input "out-dir" is inside the workspace; use a directory outside it such as the runner temp directory (runner.temp)',
    );
  }
  return { ...inputs, workspace, "out-dir": outDir };
}
