import { fpLabel, parseFingerprintMarker } from "../../../triage/index.js";
import type { Repo } from "../inputs/input-schemas.js";
import type { ActionOctokit } from "./create-octokit.js";
import { type IssueLite, listIssuesByLabels } from "./github-issues.js";

// A fingerprint's issues, found by its fp: label in any state (DESIGN.md
// section 4: the core REST list, never search).

/** The triage issue of a fingerprint: the labelled issue whose hidden marker names it in full. */
export async function findTriageIssue(
  octokit: ActionOctokit,
  repo: Repo,
  fingerprint: string,
): Promise<IssueLite | undefined> {
  const issues = await listIssuesByLabels(octokit, repo, [fpLabel(fingerprint)], "all");
  return issues.find((issue) => parseFingerprintMarker(issue.body) === fingerprint);
}

/** The public issue of a fingerprint: the oldest with its label, should two runs have opened one each. */
export async function findPublicIssue(
  octokit: ActionOctokit,
  repo: Repo,
  fingerprint: string,
): Promise<IssueLite | undefined> {
  const issues = await listIssuesByLabels(octokit, repo, [fpLabel(fingerprint)], "all");
  return [...issues].sort((a, b) => a.number - b.number)[0];
}
