import type { ActionOctokit } from "../shared/github/create-octokit.js";
import { httpStatus } from "../shared/github/create-octokit.js";
import type { Repo } from "../shared/inputs/input-schemas.js";
import { runGit } from "../shared/run-git.js";

// Creating the branch ref is the claim on a fingerprint: GitHub creates a ref
// atomically and answers 422 when it exists, so of two runs exactly one gets
// it. The claim points at the base commit (already on the server); the push
// then moves it forward to the fix.
// https://docs.github.com/en/rest/git/refs#create-a-reference
export async function claimBranch(
  octokit: ActionOctokit,
  repo: Repo,
  branch: string,
  baseSha: string,
): Promise<"claimed" | "taken"> {
  try {
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: baseSha });
    return "claimed";
  } catch (error) {
    if (httpStatus(error) === 422) return "taken";
    throw error;
  }
}

export async function releaseBranch(
  octokit: ActionOctokit,
  repo: Repo,
  branch: string,
): Promise<void> {
  try {
    await octokit.rest.git.deleteRef({ ...repo, ref: `heads/${branch}` });
  } catch (error) {
    if (httpStatus(error) !== 404 && httpStatus(error) !== 422) throw error;
  }
}

// The token reaches git as an HTTP header through GIT_CONFIG_* variables,
// never in the URL or argv (both show up in process lists and error texts).
// https://git-scm.com/docs/git-config#Documentation/git-config.txt-GITCONFIGCOUNT
export function gitAuthEnv(token: string, base: Record<string, string | undefined> = process.env) {
  const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
  return {
    ...base,
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "http.extraHeader",
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}

export interface PushOptions {
  cwd: string;
  remoteUrl: string;
  branch: string;
  token: string;
  // The commit the claim points at: the push only moves the branch from there
  // (--force-with-lease), so it never overwrites anyone else's commits.
  claimedSha: string;
  env?: Record<string, string | undefined>;
}

export async function pushClaimedBranch(options: PushOptions): Promise<void> {
  const ref = `refs/heads/${options.branch}`;
  await runGit(
    [
      "push",
      "--porcelain",
      `--force-with-lease=${ref}:${options.claimedSha}`,
      options.remoteUrl,
      `HEAD:${ref}`,
    ],
    { cwd: options.cwd, env: gitAuthEnv(options.token, options.env) },
  );
}
