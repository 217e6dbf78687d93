import { resolve } from "node:path";
import type { z } from "zod";
import { schemaFailure } from "../errors.js";

export type Env = Readonly<Record<string, string | undefined>>;

// The runner passes `with:` values as INPUT_<NAME> with spaces turned into
// underscores and the name upper-cased; hyphens stay. Same rule as
// @actions/core getInput, read from an injected env so tests pass their own.
// https://docs.github.com/en/actions/sharing-automations/creating-actions/metadata-syntax-for-github-actions#inputs
function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

export function readInput(env: Env, name: string): string {
  return (env[inputVariable(name)] ?? "").trim();
}

// Where the fix job's brief, plan, patch and result go when the workflow names
// no directory: the autofix step writes there, publish reads the artifact there.
function autofixDir(env: Env): string | undefined {
  return env.RUNNER_TEMP ? resolve(env.RUNNER_TEMP, "crashfix-autofix") : undefined;
}

// Inputs a workflow may leave out because the runner already knows them.
// https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/store-information-in-variables#default-environment-variables
const RUNNER_DEFAULTS: Readonly<Record<string, (env: Env) => string | undefined>> = {
  repo: (env) => env.GITHUB_REPOSITORY,
  workspace: (env) => env.GITHUB_WORKSPACE,
  "out-dir": autofixDir,
  "artifact-dir": autofixDir,
};

// An input that is absent (or empty) fails its schema as `undefined`; say so
// in our words rather than zod's "expected string, received undefined".
function missingInput(issue: z.core.$ZodRawIssue): string | undefined {
  return issue.input === undefined ? "required: set it under `with:` in the workflow" : undefined;
}

// Reads the named inputs (empty ones left out so zod defaults apply, after
// the runner's own value where it has one) and parses them once; every
// problem is reported with the input's name.
export function parseInputs<T extends z.ZodType>(
  schema: T,
  names: readonly string[],
  env: Env,
): z.infer<T> {
  const raw: Record<string, string> = {};
  for (const name of names) {
    const given = env[inputVariable(name)];
    const value = (given ? given : (RUNNER_DEFAULTS[name]?.(env) ?? "")).trim();
    if (value !== "") raw[name] = value;
  }
  const result = schema.safeParse(raw, { error: missingInput });
  if (!result.success) throw schemaFailure("INVALID_INPUT", "invalid action inputs", result.error);
  return result.data;
}
