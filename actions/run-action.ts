import { z } from "zod";
import { runAutofix } from "./autofix/run-autofix.js";
import { runPrepare } from "./prepare/run-prepare.js";
import { runPromote } from "./promote/run-promote.js";
import { runPublish } from "./publish/run-publish.js";
import { ActionError } from "./shared/errors.js";
import { failStep } from "./shared/fail-step.js";
import { type Env, readInput } from "./shared/inputs/read-inputs.js";

export const STEPS = ["promote", "prepare", "autofix", "publish"] as const;
export type Step = (typeof STEPS)[number];

const stepSchema = z.enum(STEPS);

// One action (action.yml at the repo root), one bundle, four steps selected by
// the `step` input. Each step is one job of the workflows in docs/workflows/.
export async function runAction(env: Env = process.env): Promise<void> {
  try {
    const parsed = stepSchema.safeParse(readInput(env, "step"));
    if (!parsed.success) {
      throw new ActionError("INVALID_INPUT", `input "step" must be one of: ${STEPS.join(", ")}`);
    }
    const step: Step = parsed.data;
    if (step === "promote") await runPromote({ env });
    else if (step === "prepare") await runPrepare({ env });
    else if (step === "autofix") await runAutofix({ env });
    else await runPublish({ env });
  } catch (error) {
    failStep(error);
  }
}
