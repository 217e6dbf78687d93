import { z } from "zod";

// One error type for the Action: a code a workflow author can search for, a
// message that says how to fix it, and the cause kept for the log.
export type ActionErrorCode =
  | "INVALID_INPUT"
  | "INVALID_ENV"
  | "INVALID_FACTS"
  | "GIT_FAILED"
  | "GITHUB_FAILED"
  | "TRIAGE_NOT_FOUND";

export class ActionError extends Error {
  readonly code: ActionErrorCode;
  constructor(code: ActionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ActionError";
    this.code = code;
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return `non-Error thrown: ${String(error)}`;
}

/**
 * A value that failed its zod schema, worded once for every step: what was
 * being read, then zod's own account of each problem and where it is
 * (`z.prettifyError`; it never quotes the value).
 */
export function schemaFailure(code: ActionErrorCode, what: string, error: z.ZodError): ActionError {
  return new ActionError(code, `${what}:\n${z.prettifyError(error)}`, { cause: error });
}
