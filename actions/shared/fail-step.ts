import * as core from "@actions/core";
import { ActionError, describeError } from "./errors.js";

// Every throw fails the step, Error or not (fail closed); setFailed sets
// process.exitCode and never exits.
export function failStep(error: unknown): void {
  const code = error instanceof ActionError ? `${error.code}: ` : "";
  core.setFailed(`${code}${describeError(error)}`);
}
