import { codeInChain } from "../errors/code-in-chain.js";
import { statusOfError } from "./github-types.js";

// What a log line says of a failed GitHub request. Octokit reports a
// request that got no answer (connection refused, DNS, reset) as a
// RequestError with status 500 and no `response`: the status is then
// invented, so the line names the network error's code instead
// (ECONNREFUSED, ENOTFOUND), found down the cause chain (Octokit wraps
// fetch's "fetch failed", which wraps the socket's error).
export function githubFailure(error: unknown): { status?: number; code?: string } {
  const answered = (error as { response?: unknown } | null)?.response !== undefined;
  const status = statusOfError(error);
  if (answered && status !== undefined) return { status };
  const code = codeInChain(error);
  if (code !== undefined) return { code };
  // Not a request error at all (a Redis or local failure) that has a status
  // of its own: keep it.
  return status !== undefined && !isOctokitRequestError(error) ? { status } : {};
}

/**
 * A failed GitHub request as log fields: the status or network code, and the
 * error's name and message. Never the error itself: a request error also
 * carries the request (its headers hold the token), and a stack tells an
 * operator nothing they can act on.
 */
export function githubFailureFields(error: unknown): {
  status?: number;
  code?: string;
  error: string;
} {
  const { name, message } = error instanceof Error ? error : { name: "", message: String(error) };
  return { ...githubFailure(error), error: `${name}: ${message.slice(0, 200)}` };
}

function isOctokitRequestError(error: unknown): boolean {
  return error instanceof Error && error.name === "HttpError";
}
