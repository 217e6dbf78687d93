import { z } from "zod";
import { ApiError } from "../errors.js";
import { linkHeader, readPage } from "../http/paginate.js";
import { parseInput } from "../http/parse-input.js";
import type { Router } from "../http/router.js";
import { renderIssue } from "../shapes/issue.js";
import { isoSeconds } from "../store/open-store.js";
import type { Actor, IssueRow, LabelRow, RepoRow } from "../store/rows.js";
import type { RouteDeps } from "./deps.js";
import { emitLabelChanges, requireActor, requireIssue, requireRepo } from "./deps.js";
import { labelNamesSchema, normalizeLabelNames } from "./label-input.js";

// GitHub caps issue and comment bodies at 65,536 characters.
export const MAX_BODY_CHARS = 65_536;
const bodySchema = z.string().max(MAX_BODY_CHARS, "body is too long (maximum is 65536 characters)");
const titleSchema = z.string().trim().min(1, "title cannot be blank").max(256);
const stateReason = z.enum(["completed", "not_planned", "reopened", "duplicate"]).nullable();

const createSchema = z.object({
  title: z.union([titleSchema, z.number().transform(String)]),
  body: bodySchema.nullable().optional(),
  labels: labelNamesSchema.optional(),
  assignees: z.array(z.string()).optional(),
  milestone: z.union([z.string(), z.number()]).nullable().optional(),
});

const updateSchema = z.object({
  title: z.union([titleSchema, z.number().transform(String)]).optional(),
  body: bodySchema.nullable().optional(),
  state: z.enum(["open", "closed"]).optional(),
  state_reason: stateReason.optional(),
  labels: labelNamesSchema.optional(),
  assignees: z.array(z.string()).optional(),
  milestone: z.union([z.string(), z.number()]).nullable().optional(),
});

export function renderIssueRow(deps: RouteDeps, repo: RepoRow, issue: IssueRow) {
  return renderIssue(deps.urls, repo, issue, deps.store.labels.forIssue(issue.id));
}

function oneOf<T extends string>(
  raw: string | null,
  allowed: readonly T[],
  fallback: T,
  name: string,
): T {
  if (raw === null || raw === "") return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new ApiError(422, `Invalid value for parameter ${name}: ${JSON.stringify(raw)}`, {
    errors: [{ resource: "Issue", field: name, code: "invalid" }],
  });
}

/** `since` is an ISO 8601 timestamp; normalised to the stored second-precision form. */
export function readSince(raw: string | null): string | undefined {
  if (raw === null || raw === "") return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) {
    throw new ApiError(422, `Invalid value for parameter since: ${JSON.stringify(raw)}`, {
      errors: [{ resource: "Issue", field: "since", code: "invalid" }],
    });
  }
  return isoSeconds(ms);
}

/** The events GitHub sends for one issue update: edited, closed/reopened, labeled/unlabeled. */
function emitIssueChanges(
  deps: RouteDeps,
  repo: RepoRow,
  before: IssueRow,
  after: IssueRow,
  actor: Actor,
  labelsBefore: LabelRow[],
): void {
  const changes: Record<string, { from: unknown }> = {};
  if (after.title !== before.title) changes.title = { from: before.title };
  if (after.body !== before.body) changes.body = { from: before.body };
  if (Object.keys(changes).length > 0) deps.events.issue("edited", repo, after, actor, changes);
  if (after.state !== before.state) {
    deps.events.issue(after.state === "closed" ? "closed" : "reopened", repo, after, actor);
  }
  emitLabelChanges(deps, repo, after.id, labelsBefore, actor);
}

export function registerIssueRoutes(router: Router, deps: RouteDeps): void {
  const { store } = deps;

  // https://docs.github.com/rest/issues/issues#list-repository-issues
  router.add(
    "GET",
    "/repos/{owner}/{repo}/issues",
    ({ params, query, principal, url }) => {
      const repo = requireRepo(deps, params, principal);
      const page = readPage(query);
      const labels = (query.get("labels") ?? "")
        .split(",")
        .map((name) => name.trim().toLowerCase())
        .filter(Boolean);
      const { rows, total } = store.issues.list({
        repoId: repo.id,
        state: oneOf(query.get("state"), ["open", "closed", "all"], "open", "state"),
        labels: [...new Set(labels)],
        since: readSince(query.get("since")),
        sort: oneOf(query.get("sort"), ["created", "updated", "comments"], "created", "sort"),
        direction: oneOf(query.get("direction"), ["asc", "desc"], "desc", "direction"),
        creator: query.get("creator") ?? undefined,
        limit: page.limit,
        offset: page.offset,
        kind: "issues-and-pulls",
      });
      const link = linkHeader(url, page, total);
      return {
        status: 200,
        body: rows.map((issue) => renderIssueRow(deps, repo, issue)),
        ...(link ? { headers: { link } } : {}),
      };
    },
    { cacheable: true },
  );

  router.add(
    "POST",
    "/repos/{owner}/{repo}/issues",
    ({ params, principal, body }) => {
      const actor = requireActor(principal);
      const repo = requireRepo(deps, params, principal);
      const input = parseInput(createSchema, body, "Issue");
      const names = normalizeLabelNames(input.labels ?? []);
      const issue = store.db.transaction(() => {
        const row = store.issues.insert(repo.id, {
          number: store.repos.nextNumber(repo.id),
          title: input.title,
          body: input.body ?? null,
          author: actor,
        });
        if (names.length > 0)
          store.labels.addToIssue(row.id, store.labels.ensureAll(repo.id, names));
        return row;
      })();
      deps.countWrite();
      deps.events.issue("opened", repo, issue, actor);
      return {
        status: 201,
        body: renderIssueRow(deps, repo, issue),
        headers: {
          location: `${deps.urls.api}/repos/${repo.owner}/${repo.name}/issues/${issue.number}`,
        },
      };
    },
    { creates: true },
  );

  router.add(
    "GET",
    "/repos/{owner}/{repo}/issues/{issue_number}",
    ({ params, principal }) => {
      const repo = requireRepo(deps, params, principal);
      const issue = requireIssue(deps, repo, params.issue_number);
      return { status: 200, body: renderIssueRow(deps, repo, issue) };
    },
    { cacheable: true },
  );

  // https://docs.github.com/rest/issues/issues#update-an-issue
  router.add(
    "PATCH",
    "/repos/{owner}/{repo}/issues/{issue_number}",
    ({ params, principal, body }) => {
      const actor = requireActor(principal);
      const repo = requireRepo(deps, params, principal);
      const issue = requireIssue(deps, repo, params.issue_number);
      const input = parseInput(updateSchema, body, "Issue");
      const labelsBefore = store.labels.forIssue(issue.id);
      const updated = store.db.transaction(() => {
        const patch: Parameters<typeof store.issues.update>[1] = {};
        if (input.title !== undefined) patch.title = input.title;
        if (input.body !== undefined) patch.body = input.body;
        if (input.state !== undefined) patch.state = input.state;
        if (input.state_reason !== undefined) patch.state_reason = input.state_reason;
        if (input.labels !== undefined) {
          const names = normalizeLabelNames(input.labels);
          store.labels.setOnIssue(issue.id, store.labels.ensureAll(repo.id, names));
        }
        return store.issues.update(issue, patch);
      })();
      deps.countWrite();
      emitIssueChanges(deps, repo, issue, updated, actor, labelsBefore);
      return { status: 200, body: renderIssueRow(deps, repo, updated) };
    },
  );
}
