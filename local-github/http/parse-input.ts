import type { z } from "zod";
import type { GitHubFieldError } from "../errors.js";
import { ApiError, validationFailed } from "../errors.js";

/**
 * Parses a JSON body with a zod schema. A body that is not an object is GitHub's
 * 400; field problems are a 422 whose `errors` name the resource, field and code
 * (`missing_field` for absent required fields, `invalid` otherwise).
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  body: unknown,
  resource: string,
): z.infer<T> {
  const input = body === undefined ? {} : body;
  if (typeof input !== "object" || input === null) {
    throw new ApiError(400, "Body should be a JSON object");
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors: GitHubFieldError[] = result.error.issues.map((issue) => {
    const field = issue.path.map(String).join(".");
    const missing = field !== "" && readPath(input, issue.path) === undefined;
    const shaped: GitHubFieldError = {
      resource,
      code: missing ? "missing_field" : issue.code === "custom" ? "custom" : "invalid",
      message: issue.message,
    };
    if (field !== "") shaped.field = field;
    return shaped;
  });
  throw validationFailed(errors);
}

function readPath(value: unknown, path: PropertyKey[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
