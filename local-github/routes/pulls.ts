import { z } from "zod";
import { ApiError, validationFailed } from "../errors.js";
import { linkHeader, readPage } from "../http/paginate.js";
import { parseInput } from "../http/parse-input.js";
import type { Router } from "../http/router.js";
import { renderPull } from "../shapes/pull.js";
import type { IssueRow, RepoRow } from "../store/rows.js";
import type { RouteDeps } from "./deps.js";
import { requireActor, requireIssue, requireRepo } from "./deps.js";
import { MAX_BODY_CHARS } from "./issues.js";

const branchSchema = z.string().min(1).max(255);
const createSchema = z.object({
  title: z.string().trim().min(1, "title cannot be blank").max(256),
  head: branchSchema,
  base: branchSchema,
  body: z.string().max(MAX_BODY_CHARS).nullable().optional(),
  draft: z.boolean().optional(),
  maintainer_can_modify: z.boolean().optional(),
});
const updateSchema = z.object({
  title: z.string().trim().min(1).max(256).optional(),
  body: z.string().max(MAX_BODY_CHARS).nullable().optional(),
  state: z.enum(["open", "closed"]).optional(),
});

/** `head` is `branch` or `owner:branch`; only same-repository heads exist locally. */
function headBranch(repo: RepoRow, head: string): string | undefined {
  const colon = head.indexOf(":");
  if (colon < 0) return head;
  if (head.slice(0, colon).toLowerCase() !== repo.owner.toLowerCase()) return undefined;
  return head.slice(colon + 1);
}

export function registerPullRoutes(router: Router, deps: RouteDeps): void {
  const { store, git } = deps;
  const liveHeadSha = (repo: RepoRow, pull: IssueRow): string =>
    git.readRef(repo.owner, repo.name, `refs/heads/${pull.head_ref}`) ?? pull.head_sha ?? "";
  const renderSimple = (repo: RepoRow, pull: IssueRow) =>
    renderPull(deps.urls, repo, pull, store.labels.forIssue(pull.id), liveHeadSha(repo, pull));
  const renderFull = async (repo: RepoRow, pull: IssueRow) => {
    const headSha = liveHeadSha(repo, pull);
    const diff = await git.diffStats(repo.owner, repo.name, pull.base_sha ?? "", headSha);
    return renderPull(deps.urls, repo, pull, store.labels.forIssue(pull.id), headSha, diff);
  };
  const requirePull = (repo: RepoRow, raw: string | undefined): IssueRow => {
    const issue = requireIssue(deps, repo, raw);
    if (issue.is_pull !== 1) throw new ApiError(404, "Not Found");
    return issue;
  };

  // https://docs.github.com/rest/pulls/pulls#list-pull-requests
  router.add("GET", "/repos/{owner}/{repo}/pulls", ({ params, principal, query, url }) => {
    const repo = requireRepo(deps, params, principal);
    const page = readPage(query);
    const head = query.get("head");
    const state = query.get("state") ?? "open";
    if (!["open", "closed", "all"].includes(state)) {
      throw validationFailed([{ resource: "PullRequest", field: "state", code: "invalid" }]);
    }
    const sort = query.get("sort") === "updated" ? "updated" : "created";
    const branch = head ? headBranch(repo, head) : undefined;
    if (head && branch === undefined) return { status: 200, body: [] };
    const { rows, total } = store.issues.list({
      repoId: repo.id,
      state: state as "open" | "closed" | "all",
      labels: [],
      sort,
      direction: query.get("direction") === "asc" ? "asc" : "desc",
      limit: page.limit,
      offset: page.offset,
      kind: "pulls",
      headRef: branch,
      baseRef: query.get("base") ?? undefined,
    });
    const link = linkHeader(url, page, total);
    return {
      status: 200,
      body: rows.map((pull) => renderSimple(repo, pull)),
      ...(link ? { headers: { link } } : {}),
    };
  });

  // https://docs.github.com/rest/pulls/pulls#create-a-pull-request
  router.add(
    "POST",
    "/repos/{owner}/{repo}/pulls",
    async ({ params, principal, body }) => {
      const actor = requireActor(principal);
      const repo = requireRepo(deps, params, principal);
      const input = parseInput(createSchema, body, "PullRequest");
      const branch = headBranch(repo, input.head);
      const headSha = branch
        ? git.readRef(repo.owner, repo.name, `refs/heads/${branch}`)
        : undefined;
      if (!branch || !headSha) {
        throw validationFailed([{ resource: "PullRequest", field: "head", code: "invalid" }]);
      }
      const baseSha = git.readRef(repo.owner, repo.name, `refs/heads/${input.base}`);
      if (!baseSha)
        throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
      if (headSha === baseSha || (await git.isAncestor(repo.owner, repo.name, headSha, baseSha))) {
        throw validationFailed([
          {
            resource: "PullRequest",
            code: "custom",
            message: `No commits between ${input.base} and ${branch}`,
          },
        ]);
      }
      const open = store.issues.list({
        repoId: repo.id,
        state: "open",
        labels: [],
        sort: "created",
        direction: "desc",
        limit: 1,
        offset: 0,
        kind: "pulls",
        headRef: branch,
        baseRef: input.base,
      });
      if (open.rows.length > 0) {
        throw validationFailed([
          {
            resource: "PullRequest",
            code: "custom",
            message: `A pull request already exists for ${repo.owner}:${branch}.`,
          },
        ]);
      }
      const pull = store.db.transaction(() =>
        store.issues.insert(repo.id, {
          number: store.repos.nextNumber(repo.id),
          title: input.title,
          body: input.body ?? null,
          author: actor,
          pull: {
            headRef: branch,
            headSha,
            baseRef: input.base,
            baseSha,
            draft: input.draft ?? false,
          },
        }),
      )();
      deps.countWrite();
      const shaped = await renderFull(repo, pull);
      deps.events.pull("opened", repo, pull.number, shaped, actor);
      return { status: 201, body: shaped };
    },
    { creates: true },
  );

  router.add("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", async ({ params, principal }) => {
    const repo = requireRepo(deps, params, principal);
    return { status: 200, body: await renderFull(repo, requirePull(repo, params.pull_number)) };
  });

  router.add(
    "PATCH",
    "/repos/{owner}/{repo}/pulls/{pull_number}",
    async ({ params, principal, body }) => {
      const actor = requireActor(principal);
      const repo = requireRepo(deps, params, principal);
      const pull = requirePull(repo, params.pull_number);
      const input = parseInput(updateSchema, body, "PullRequest");
      const updated = store.issues.update(pull, {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.body !== undefined ? { body: input.body } : {}),
        ...(input.state !== undefined ? { state: input.state, state_reason: null } : {}),
      });
      deps.countWrite();
      const shaped = await renderFull(repo, updated);
      if (updated.state !== pull.state) {
        deps.events.pull(
          updated.state === "closed" ? "closed" : "reopened",
          repo,
          updated.number,
          shaped,
          actor,
        );
      }
      return { status: 200, body: shaped };
    },
  );
}
