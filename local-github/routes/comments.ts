import { z } from "zod";
import { notFound } from "../errors.js";
import { linkHeader, readPage } from "../http/paginate.js";
import { parseInput } from "../http/parse-input.js";
import type { Router } from "../http/router.js";
import { renderComment } from "../shapes/issue.js";
import type { CommentRow, RepoRow } from "../store/rows.js";
import type { RouteDeps } from "./deps.js";
import { requireActor, requireIssue, requireRepo } from "./deps.js";
import { MAX_BODY_CHARS, readSince } from "./issues.js";

const bodySchema = z.object({
  body: z
    .string()
    .min(1, "body cannot be blank")
    .max(MAX_BODY_CHARS, "body is too long (maximum is 65536 characters)"),
});

export function registerCommentRoutes(router: Router, deps: RouteDeps): void {
  const { store } = deps;
  const render = (repo: RepoRow, comment: CommentRow) => {
    const issue = store.issues.getById(comment.issue_id);
    return renderComment(deps.urls, repo, issue?.number ?? 0, comment);
  };
  const requireComment = (repo: RepoRow, raw: string | undefined) => {
    if (raw === undefined || !/^\d{1,12}$/.test(raw)) throw notFound();
    const comment = store.comments.get(repo.id, Number(raw));
    if (!comment) throw notFound();
    return comment;
  };

  // Registered before /issues/{issue_number} routes would be reached for "comments".
  router.add(
    "GET",
    "/repos/{owner}/{repo}/issues/comments",
    ({ params, principal, query, url }) => {
      const repo = requireRepo(deps, params, principal);
      const page = readPage(query);
      const { rows, total } = store.comments.listForRepo(
        repo.id,
        readSince(query.get("since")) ?? "",
        page.limit,
        page.offset,
      );
      const link = linkHeader(url, page, total);
      return {
        status: 200,
        body: rows.map((comment) => render(repo, comment)),
        ...(link ? { headers: { link } } : {}),
      };
    },
    { cacheable: true },
  );

  router.add(
    "GET",
    "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    ({ params, principal }) => {
      const repo = requireRepo(deps, params, principal);
      return { status: 200, body: render(repo, requireComment(repo, params.comment_id)) };
    },
    { cacheable: true },
  );

  router.add(
    "PATCH",
    "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    ({ params, principal, body }) => {
      const actor = requireActor(principal);
      const repo = requireRepo(deps, params, principal);
      const comment = requireComment(repo, params.comment_id);
      const input = parseInput(bodySchema, body, "IssueComment");
      const updated = store.comments.update(comment.id, input.body);
      deps.countWrite();
      const issue = store.issues.getById(comment.issue_id);
      if (issue && updated.body !== comment.body) {
        deps.events.comment("edited", repo, issue, updated, actor, {
          body: { from: comment.body },
        });
      }
      return { status: 200, body: render(repo, updated) };
    },
  );

  router.add(
    "DELETE",
    "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    ({ params, principal }) => {
      const actor = requireActor(principal);
      const repo = requireRepo(deps, params, principal);
      const comment = requireComment(repo, params.comment_id);
      store.db.transaction(() => {
        store.comments.remove(comment.id);
        store.issues.countComment(comment.issue_id, -1);
      })();
      deps.countWrite();
      const issue = store.issues.getById(comment.issue_id);
      if (issue) deps.events.comment("deleted", repo, issue, comment, actor);
      return { status: 204 };
    },
  );

  router.add(
    "GET",
    "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    ({ params, principal, query, url }) => {
      const repo = requireRepo(deps, params, principal);
      const issue = requireIssue(deps, repo, params.issue_number);
      const page = readPage(query);
      const { rows, total } = store.comments.listForIssue(
        issue.id,
        readSince(query.get("since")) ?? "",
        page.limit,
        page.offset,
      );
      const link = linkHeader(url, page, total);
      return {
        status: 200,
        body: rows.map((comment) => renderComment(deps.urls, repo, issue.number, comment)),
        ...(link ? { headers: { link } } : {}),
      };
    },
    { cacheable: true },
  );

  router.add(
    "POST",
    "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    ({ params, principal, body }) => {
      const actor = requireActor(principal);
      const repo = requireRepo(deps, params, principal);
      const issue = requireIssue(deps, repo, params.issue_number);
      const input = parseInput(bodySchema, body, "IssueComment");
      const comment = store.db.transaction(() => {
        const row = store.comments.insert(repo.id, issue.id, input.body, actor);
        store.issues.countComment(issue.id, 1);
        return row;
      })();
      deps.countWrite();
      const current = store.issues.getById(issue.id);
      if (current) deps.events.comment("created", repo, current, comment, actor);
      return { status: 201, body: renderComment(deps.urls, repo, issue.number, comment) };
    },
    { creates: true },
  );
}
