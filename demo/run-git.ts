import { execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** git with a fixed identity and no user or system config, so the demo runs the same anywhere. */
export async function runGit(args: string[], cwd: string): Promise<string> {
  const { stdout } = await execFileAsync("git", args, {
    cwd,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_TERMINAL_PROMPT: "0",
      GIT_AUTHOR_NAME: "crashfix demo",
      GIT_AUTHOR_EMAIL: "demo@crashfix.invalid",
      GIT_COMMITTER_NAME: "crashfix demo",
      GIT_COMMITTER_EMAIL: "demo@crashfix.invalid",
    },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}
