import { fpLabel, parseFingerprintMarker } from "../../../triage/index.js";
import type { Repo } from "../inputs/input-schemas.js";
import type { ActionOctokit } from "./create-octokit.js";
import { type IssueLite, listIssuesByLabels } from "./github-issues.js";

// A fingerprint's issues, found by its fp: label in any state (docs/DESIGN.md
// section 4: the core REST list, never search).

type FindIssue = (
  octokit: ActionOctokit,
  repo: Repo,
  fingerprint: string,
) => Promise<IssueLite | undefined>;

function labelled(octokit: ActionOctokit, repo: Repo, fingerprint: string) {
  return listIssuesByLabels(octokit, repo, [fpLabel(fingerprint)], "all");
}

/** The triage issue of a fingerprint: the labelled issue whose hidden marker names it in full. */
export const findTriageIssue: FindIssue = async (octokit, repo, fingerprint) =>
  (await labelled(octokit, repo, fingerprint)).find(
    (issue) => parseFingerprintMarker(issue.body) === fingerprint,
  );

/** The public issue of a fingerprint: the oldest with its label, should two runs have opened one each. */
export const findPublicIssue: FindIssue = async (octokit, repo, fingerprint) =>
  (await labelled(octokit, repo, fingerprint)).sort((a, b) => a.number - b.number)[0];
