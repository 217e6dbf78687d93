import { redactValue } from "../../redact/index.js";
import { shortFingerprint } from "../../triage/index.js";
import { httpStatus } from "../shared/github/create-octokit.js";
import { findOpenPull, fixBranch } from "../shared/github/find-open-pull.js";
import { claimLabel } from "../shared/github/github-issues.js";
import { runGit } from "../shared/run-git.js";
import type { AppliedPatch } from "./apply-patch.js";
import type { PublishContext, PublishEnd } from "./publish-context.js";
import { claimBranch, pushClaimedBranch, releaseBranch } from "./push-branch.js";
import { renderPullRequest } from "./render-pull-request.js";

// The third stage of publish, open: claim the fingerprint's branch, commit
// and push the checked change, open the pull request and label it.
export async function openPullRequest(
  ctx: PublishContext,
  applied: AppliedPatch,
): Promise<PublishEnd> {
  const branch = fixBranch(ctx.inputs.fingerprint);
  if ((await pushFix(ctx, branch)) === "taken") {
    return { outcome: "skipped", reason: "branch-claimed" };
  }
  const { publicGh, publicRepo } = ctx.repos;
  const base = ctx.inputs.base ?? (await publicGh.rest.repos.get(publicRepo)).data.default_branch;
  const rendered = renderPullRequest(ctx.facts, {
    publicIssue: ctx.inputs["public-issue"],
    changes: applied.changes.map((c) => ({ ...c, path: redactValue(c.path, ctx.redaction) })),
    review: applied.review,
  });
  let pullNumber: number;
  try {
    const { data } = await publicGh.rest.pulls.create({
      ...publicRepo,
      head: branch,
      base,
      title: rendered.title,
      body: rendered.body,
      // A change with finds for the reviewer is always a draft.
      draft: ctx.inputs.draft || applied.review.length > 0,
    });
    pullNumber = data.number;
  } catch (error) {
    // 422: a PR for this head already exists (a concurrent run won).
    const existing =
      httpStatus(error) === 422
        ? await findOpenPull(publicGh, publicRepo, ctx.inputs.fingerprint)
        : undefined;
    if (!existing) {
      // No PR came of this claim: give the branch back for the next attempt.
      await releaseBranch(publicGh, publicRepo, branch);
      throw error;
    }
    return { outcome: "skipped", reason: "pull-request-open", pullRequest: existing.number };
  }
  const labels = ctx.inputs.labels;
  if (labels.length > 0) {
    for (const label of labels) await claimLabel(publicGh, publicRepo, label, "5319e7");
    await publicGh.rest.issues.addLabels({ ...publicRepo, issue_number: pullNumber, labels });
  }
  return { outcome: "proposed", reason: "ok", pullRequest: pullNumber };
}

// Claims the branch at the checkout's HEAD (the claim is the lock: one run
// gets it), then commits the staged change and pushes it there. A failure
// after the claim gives the branch back, so the next attempt is not blocked
// by a branch that holds no fix.
async function pushFix(ctx: PublishContext, branch: string): Promise<"pushed" | "taken"> {
  const { inputs, repos, facts } = ctx;
  const cwd = inputs.workspace;
  const claimedSha = (await runGit(["rev-parse", "HEAD"], { cwd })).trim();
  if ((await claimBranch(repos.publicGh, repos.publicRepo, branch, claimedSha)) === "taken") {
    return "taken";
  }
  try {
    await runGit(
      [
        "-c",
        `user.name=${inputs["commit-name"]}`,
        "-c",
        `user.email=${inputs["commit-email"]}`,
        "commit",
        "--no-verify",
        "--quiet",
        "-m",
        `fix: crash ${facts.error_class.slice(0, 60)} (crashfix ${shortFingerprint(inputs.fingerprint)})`,
      ],
      { cwd },
    );
    const remoteUrl = `${repos.runner.GITHUB_SERVER_URL.replace(/\/$/, "")}/${inputs.repo}.git`;
    await pushClaimedBranch({ cwd, remoteUrl, branch, token: inputs.token, claimedSha });
    return "pushed";
  } catch (error) {
    await releaseBranch(repos.publicGh, repos.publicRepo, branch);
    throw error;
  }
}
