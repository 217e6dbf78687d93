/**
 * Where the host called process.exit (or set exitCode): crashfix's own
 * frames and Node's internals say nothing about the host, so they are cut.
 */
export function exitStack(): string {
  let stack: unknown;
  try {
    stack = new Error("exit").stack;
  } catch {
    // A host's Error.prepareStackTrace that throws: the exit has no frames.
  }
  const lines = (typeof stack === "string" ? stack : "").split("\n").slice(1);
  const exitAt = lines.findIndex((line) => /\bprocess\.(?:exit|reallyExit)\b/.test(line));
  const rest = exitAt >= 0 ? lines.slice(exitAt + 1) : [];
  return ["NonZeroExit", ...rest.filter((line) => !line.includes("node:internal"))].join("\n");
}
