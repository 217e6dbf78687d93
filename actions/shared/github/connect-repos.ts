import * as core from "@actions/core";
import { type Repo, splitRepo } from "../inputs/input-schemas.js";
import type { Env } from "../inputs/read-inputs.js";
import { type RunnerEnv, readRunnerEnv } from "../inputs/runner-env.js";
import { type ActionOctokit, createOctokit } from "./create-octokit.js";

export type MakeOctokit = (token: string, baseUrl: string) => ActionOctokit;

export type ConnectedRepos = {
  runner: RunnerEnv;
  publicGh: ActionOctokit;
  triageGh: ActionOctokit;
  publicRepo: Repo;
  triageRepo: Repo;
};

/**
 * The clients of the privileged steps, at the runner's API URL: one for the
 * public repository and one for the triage repository (its own token when
 * given). The triage repo's name is masked first, so it never shows in a
 * public log.
 */
export function connectRepos(
  inputs: {
    token: string;
    "triage-token"?: string | undefined;
    repo: string;
    "triage-repo": string;
  },
  env: Env,
  make: MakeOctokit = (token, baseUrl) => createOctokit({ token, baseUrl, log: core.info }),
): ConnectedRepos {
  core.setSecret(inputs["triage-repo"]);
  const runner = readRunnerEnv(env);
  const publicGh = make(inputs.token, runner.GITHUB_API_URL);
  const triageToken = inputs["triage-token"];
  return {
    runner,
    publicGh,
    triageGh: triageToken ? make(triageToken, runner.GITHUB_API_URL) : publicGh,
    publicRepo: splitRepo(inputs.repo),
    triageRepo: splitRepo(inputs["triage-repo"]),
  };
}
