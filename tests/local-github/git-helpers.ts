import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { LocalGitHub } from "../../local-github/index.js";
import { tempDir } from "./helpers.js";

const exec = promisify(execFile);

/** Runs git with no user or system config, as a fresh CI machine would. */
export async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await exec(
    "git",
    ["-c", "user.name=crashfix test", "-c", "user.email=test@example.invalid", ...args],
    {
      cwd,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: cwd,
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_TERMINAL_PROMPT: "0",
      },
    },
  );
  return stdout.trim();
}

/** An authenticated smart-HTTP remote URL (basic auth x-access-token:<token>). */
export const remoteUrl = (gh: LocalGitHub, repo: string, token = gh.token): string =>
  gh.gitUrl(repo).replace("http://", `http://x-access-token:${token}@`);

/**
 * Clones `repo`, commits a file on `main` and pushes it, then pushes each branch
 * with one more commit. Returns the work tree and the sha of every branch.
 */
export async function pushBranches(
  gh: LocalGitHub,
  repo: string,
  branches: string[],
): Promise<{ dir: string; shas: Record<string, string> }> {
  const parent = await tempDir("crashfix-lg-work-");
  await git(parent, ["clone", "--quiet", remoteUrl(gh, repo), "work"]);
  const dir = join(parent, "work");
  await git(dir, ["checkout", "--quiet", "-B", "main"]);
  await writeFile(join(dir, "README.md"), "# fixture\n");
  await git(dir, ["add", "README.md"]);
  await git(dir, ["commit", "--quiet", "-m", "initial commit"]);
  await git(dir, ["push", "--quiet", "origin", "main"]);
  const shas: Record<string, string> = { main: await git(dir, ["rev-parse", "HEAD"]) };
  for (const branch of branches) {
    await git(dir, ["checkout", "--quiet", "-B", branch, "main"]);
    await writeFile(join(dir, `${branch.replaceAll("/", "-")}.txt`), `fix for ${branch}\n`);
    await git(dir, ["add", "."]);
    await git(dir, ["commit", "--quiet", "-m", `fix on ${branch}`]);
    await git(dir, ["push", "--quiet", "origin", branch]);
    shas[branch] = await git(dir, ["rev-parse", "HEAD"]);
  }
  return { dir, shas };
}
