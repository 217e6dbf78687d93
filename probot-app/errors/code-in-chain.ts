// The errno-style code (ECONNREFUSED, ENOTFOUND, EADDRINUSE) of `error` or
// of an error in its cause chain: fetch and Octokit wrap the socket's error
// ("fetch failed", then a RequestError), and the innermost code is what an
// operator can act on.
export function codeInChain(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 8; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}
