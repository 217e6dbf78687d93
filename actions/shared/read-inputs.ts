import type { z } from "zod";
import { ActionError } from "./errors.js";

export type Env = Readonly<Record<string, string | undefined>>;

// The runner passes `with:` values as INPUT_<NAME> with spaces turned into
// underscores and the name upper-cased; hyphens stay. Same rule as
// @actions/core getInput, read from an injected env so tests pass their own.
// https://docs.github.com/en/actions/sharing-automations/creating-actions/metadata-syntax-for-github-actions#inputs
export function readInput(env: Env, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

// Reads the named inputs (empty ones left out so zod defaults apply) and
// parses them once; every problem is reported with the input's name.
export function parseInputs<T extends z.ZodType>(
  schema: T,
  names: readonly string[],
  env: Env,
): z.infer<T> {
  const raw: Record<string, string> = {};
  for (const name of names) {
    const value = readInput(env, name);
    if (value !== "") raw[name] = value;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `input "${issue.path.join(".") || "?"}": ${issue.message}`)
      .join("; ");
    throw new ActionError("INVALID_INPUT", `invalid action inputs: ${problems}`, {
      cause: result.error,
    });
  }
  return result.data;
}
