import { execFile } from "node:child_process";
import { ActionError } from "./errors.js";

export interface GitOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  input?: string | Buffer;
  maxBuffer?: number;
}

// git without a shell. Hooks and fsmonitor are switched off for every call:
// the steps that touch git after the agent ran must never execute a program
// the agent configured or wrote.
export async function runGit(args: readonly string[], options: GitOptions): Promise<string> {
  return (await runGitRaw(args, options)).toString("utf8");
}

// Bytes as git wrote them: a patch of a file in another encoding must reach
// the next job unchanged.
export function runGitRaw(args: readonly string[], options: GitOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      ["-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", ...args],
      {
        cwd: options.cwd,
        env: { ...(options.env ?? process.env), GIT_TERMINAL_PROMPT: "0" },
        maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024,
        encoding: "buffer",
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new ActionError(
              "GIT_FAILED",
              `git ${args[0] ?? ""} failed: ${stderr.toString("utf8").trim().slice(-2_000)}`,
              { cause: error },
            ),
          );
          return;
        }
        resolve(stdout);
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
