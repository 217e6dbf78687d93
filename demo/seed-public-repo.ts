import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runGit } from "./run-git.js";

/** The git URL with the token as basic auth, as Actions' checkout does it. */
export function authedGitUrl(gitUrl: string, token: string): string {
  const url = new URL(gitUrl);
  url.username = "x-access-token";
  url.password = token;
  return url.toString();
}

/**
 * Pushes the sample CLI's source to the public repository once, so the
 * auto-fix step has a real project to check out, fix and test.
 * Returns false when the repository already had it.
 */
export async function seedPublicRepo(options: {
  sampleDir: string;
  gitUrl: string;
  token: string;
}): Promise<boolean> {
  const remote = authedGitUrl(options.gitUrl, options.token);
  const work = await mkdtemp(join(tmpdir(), "crashfix-seed-"));
  try {
    const heads = await runGit(["ls-remote", "--heads", remote, "main"], work);
    if (heads.trim() !== "") return false;
    for (const part of ["bin", "src", "test", "package.json", "README.md"]) {
      await cp(join(options.sampleDir, part), join(work, part), { recursive: true });
    }
    await runGit(["init", "-q", "-b", "main"], work);
    await runGit(["add", "."], work);
    await runGit(["commit", "-q", "-m", "tally 1.4.0"], work);
    await runGit(["push", "-q", remote, "main"], work);
    return true;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
