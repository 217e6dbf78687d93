import { shortFingerprint } from "../../../triage/index.js";
import type { Repo } from "../inputs/input-schemas.js";
import type { ActionOctokit } from "./create-octokit.js";

export function fixBranch(fingerprint: string): string {
  return `crashfix/${shortFingerprint(fingerprint)}`;
}

// One open pull request per fingerprint: found by its head branch.
// https://docs.github.com/en/rest/pulls/pulls#list-pull-requests (head: "owner:branch")
export async function findOpenPull(
  octokit: ActionOctokit,
  repo: Repo,
  fingerprint: string,
): Promise<{ number: number; url: string } | undefined> {
  const { data } = await octokit.rest.pulls.list({
    ...repo,
    head: `${repo.owner}:${fixBranch(fingerprint)}`,
    state: "open",
    per_page: 10,
  });
  const pull = data[0];
  return pull ? { number: pull.number, url: pull.html_url } : undefined;
}
