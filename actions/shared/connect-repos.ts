import * as core from "@actions/core";
import { type ActionOctokit, createOctokit } from "./create-octokit.js";
import { type Repo, splitRepo } from "./input-schemas.js";

export type MakeOctokit = (token: string, baseUrl: string) => ActionOctokit;

export type ConnectedRepos = {
  publicGh: ActionOctokit;
  triageGh: ActionOctokit;
  publicRepo: Repo;
  triageRepo: Repo;
};

/**
 * The clients of the privileged steps: one for the public repository and one
 * for the triage repository (its own token when given). The triage repo's
 * name is masked first, so it never shows in a public log.
 */
export function connectRepos(
  inputs: {
    token: string;
    "triage-token"?: string | undefined;
    repo: string;
    "triage-repo": string;
  },
  apiUrl: string,
  make: MakeOctokit = (token, baseUrl) => createOctokit({ token, baseUrl, log: core.info }),
): ConnectedRepos {
  core.setSecret(inputs["triage-repo"]);
  const publicGh = make(inputs.token, apiUrl);
  const triageToken = inputs["triage-token"];
  return {
    publicGh,
    triageGh: triageToken ? make(triageToken, apiUrl) : publicGh,
    publicRepo: splitRepo(inputs.repo),
    triageRepo: splitRepo(inputs["triage-repo"]),
  };
}
