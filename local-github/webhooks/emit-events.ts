import { renderComment, renderIssue, renderLabel } from "../shapes/issue.js";
import { renderRepository } from "../shapes/repository.js";
import type { Urls } from "../shapes/urls.js";
import { nodeId } from "../shapes/urls.js";
import { renderUser } from "../shapes/user.js";
import type { Actor, CommentRow, IssueRow, LabelRow, RepoRow } from "../store/rows.js";
import type { WebhookSender } from "./webhook-sender.js";

export type EventContext = {
  urls: Urls;
  sender: WebhookSender;
  installationId: number;
  labelsOf: (issueId: number) => LabelRow[];
  openIssues: (repoId: number) => number;
};

export type Events = ReturnType<typeof createEvents>;

/**
 * Builds the payloads of the `issues`, `issue_comment` and `pull_request` events
 * crashfix listens to, in the shapes of GitHub's webhook schemas. Payloads are
 * built only when a webhook URL is set.
 */
export function createEvents(ctx: EventContext) {
  const common = (repo: RepoRow, actor: Actor) => ({
    repository: renderRepository(ctx.urls, repo, ctx.openIssues(repo.id)),
    sender: renderUser(ctx.urls, actor.login, actor.type),
    installation: {
      id: ctx.installationId,
      node_id: nodeId("MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u", ctx.installationId),
    },
  });
  const issueOf = (repo: RepoRow, issue: IssueRow) =>
    renderIssue(ctx.urls, repo, issue, ctx.labelsOf(issue.id));

  return {
    issue(
      action: "opened" | "closed" | "reopened" | "edited" | "deleted",
      repo: RepoRow,
      issue: IssueRow,
      actor: Actor,
      changes?: Record<string, { from: unknown }>,
    ): void {
      if (!ctx.sender.active) return;
      ctx.sender.send("issues", {
        action,
        issue: issueOf(repo, issue),
        ...(changes ? { changes } : {}),
        ...common(repo, actor),
      });
    },
    label(
      action: "labeled" | "unlabeled",
      repo: RepoRow,
      issue: IssueRow,
      label: LabelRow,
      actor: Actor,
    ): void {
      if (!ctx.sender.active) return;
      ctx.sender.send("issues", {
        action,
        issue: issueOf(repo, issue),
        label: renderLabel(ctx.urls, repo, label),
        ...common(repo, actor),
      });
    },
    comment(
      action: "created" | "edited" | "deleted",
      repo: RepoRow,
      issue: IssueRow,
      comment: CommentRow,
      actor: Actor,
      changes?: Record<string, { from: unknown }>,
    ): void {
      if (!ctx.sender.active) return;
      ctx.sender.send("issue_comment", {
        action,
        issue: issueOf(repo, issue),
        comment: renderComment(ctx.urls, repo, issue.number, comment),
        ...(changes ? { changes } : {}),
        ...common(repo, actor),
      });
    },
    pull(
      action: "opened" | "closed" | "reopened",
      repo: RepoRow,
      number: number,
      pull: Record<string, unknown>,
      actor: Actor,
    ): void {
      if (!ctx.sender.active) return;
      ctx.sender.send("pull_request", {
        action,
        number,
        pull_request: pull,
        ...common(repo, actor),
      });
    },
  };
}
