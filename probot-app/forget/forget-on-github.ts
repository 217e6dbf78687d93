import {
  fpLabel,
  isPromotedComment,
  type PublicIssueRef,
  parsePromotedComment,
} from "../../triage/index.js";
import { statusOfError, type TriageOctokit } from "../worker/github-types.js";
import type { IssueResolver } from "../worker/issue-resolver.js";

export type GitHubForgetResult = {
  triageIssue: "deleted" | "emptied" | "not-found";
  publicIssue: "closed" | "none" | "unreachable";
};

// What stays of a forgotten crash in public: a closed issue that says the
// report data was removed, nothing else (no counts, no crash, no fingerprint).
const REMOVED_TITLE = "Crash report removed";
const REMOVED_BODY =
  "The crash report behind this issue was removed at the request of a person who sent it. Its counts, details and fingerprint are gone from crashfix's records.";

const DELETE_ISSUE = `mutation($id: ID!) { deleteIssue(input: {issueId: $id}) { clientMutationId } }`;

async function deleteLabel(
  octokit: TriageOctokit,
  repo: { owner: string; repo: string },
  name: string,
) {
  try {
    await octokit.request("DELETE /repos/{owner}/{repo}/labels/{name}", { ...repo, name });
  } catch (error: unknown) {
    if (statusOfError(error) !== 404) throw error;
  }
}

async function closePublicIssue(octokit: TriageOctokit, ref: PublicIssueRef, label: string) {
  const repo = { owner: ref.owner, repo: ref.repo };
  try {
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      ...repo,
      issue_number: ref.number,
      title: REMOVED_TITLE,
      body: REMOVED_BODY,
      state: "closed",
      state_reason: "not_planned",
    });
    // The fp: label would link a later promotion of the same crash to this
    // issue; the label goes from the repository, and so from the issue.
    await deleteLabel(octokit, repo, label);
    return "closed" as const;
  } catch (error: unknown) {
    const status = statusOfError(error);
    // The App may not be installed on the public repository.
    if (status === 403 || status === 404) return "unreachable" as const;
    throw error;
  }
}

// Forgets a fingerprint on GitHub: its public issue (found through the
// triage issue's promotion note) is closed with a neutral note, the triage
// issue is deleted (GraphQL deleteIssue; REST has no delete), and both fp:
// labels go. Where GitHub refuses the App the deletion (it asks for
// repository admin rights), the triage issue is emptied instead: every
// comment deleted, a neutral title and body, no labels, closed.
// https://docs.github.com/en/graphql/reference/mutations#deleteissue
export async function forgetOnGitHub(
  octokit: TriageOctokit,
  resolver: IssueResolver,
  fingerprint: string,
): Promise<GitHubForgetResult> {
  const repo = resolver.repo;
  const label = fpLabel(fingerprint);
  const issue = await resolver.lookup(octokit, fingerprint);
  resolver.forget(fingerprint);
  if (!issue) {
    await deleteLabel(octokit, repo, label);
    return { triageIssue: "not-found", publicIssue: "none" };
  }
  const comments = await octokit.paginate(
    "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
    {
      ...repo,
      issue_number: issue.number,
      per_page: 100,
    },
  );
  const ref = comments
    .filter((c) => isPromotedComment(c.body))
    .map((c) => parsePromotedComment(c.body))
    .find((r) => r !== undefined);
  const publicIssue = ref ? await closePublicIssue(octokit, ref, label) : "none";

  const { data } = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", {
    ...repo,
    issue_number: issue.number,
  });
  let triageIssue: GitHubForgetResult["triageIssue"] = "deleted";
  try {
    await octokit.graphql(DELETE_ISSUE, { id: data.node_id });
  } catch {
    // GraphQL errors (FORBIDDEN, NOT_FOUND) and HTTP failures alike: empty it.
    triageIssue = "emptied";
    for (const comment of comments) {
      await octokit.request("DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}", {
        ...repo,
        comment_id: comment.id,
      });
    }
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      ...repo,
      issue_number: issue.number,
      title: REMOVED_TITLE,
      body: REMOVED_BODY,
      labels: [],
      state: "closed",
      state_reason: "not_planned",
    });
  }
  await deleteLabel(octokit, repo, label);
  return { triageIssue, publicIssue };
}
