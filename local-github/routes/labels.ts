import { z } from "zod";
import { ApiError, notFound, validationFailed } from "../errors.js";
import { linkHeader, readPage } from "../http/paginate.js";
import { parseInput } from "../http/parse-input.js";
import type { Router } from "../http/router.js";
import { renderLabel } from "../shapes/issue.js";
import type { IssueRow, RepoRow } from "../store/rows.js";
import type { RouteDeps } from "./deps.js";
import { emitLabelChanges, requireActor, requireIssue, requireRepo } from "./deps.js";
import { labelNameSchema, labelNamesSchema, normalizeLabelNames } from "./label-input.js";

const colorSchema = z
  .string()
  .regex(/^#?[0-9a-fA-F]{6}$/, "color must be 6 hexadecimal digits")
  .transform((color) => color.replace(/^#/, ""));
const descriptionSchema = z
  .string()
  .max(100, "description is too long (maximum is 100 characters)")
  .nullable();

const createSchema = z.object({
  name: labelNameSchema,
  color: colorSchema.optional(),
  description: descriptionSchema.optional(),
});
const updateSchema = z.object({
  new_name: labelNameSchema.optional(),
  color: colorSchema.optional(),
  description: descriptionSchema.optional(),
});

// "Add labels" and "set labels" take `[names]`, `{ labels: [names] }` or
// `{ labels: [{ name }] }`; a bare array is wrapped before parsing.
const issueLabelsSchema = z.object({ labels: labelNamesSchema });

const alreadyExists = () =>
  validationFailed([{ resource: "Label", code: "already_exists", field: "name" }]);

export function registerLabelRoutes(router: Router, deps: RouteDeps): void {
  const { store } = deps;
  const requireLabel = (repo: RepoRow, name: string | undefined) => {
    const label = store.labels.find(repo.id, name ?? "");
    if (!label) throw notFound();
    return label;
  };
  const issueLabels = (repo: RepoRow, issue: IssueRow) =>
    store.labels.forIssue(issue.id).map((label) => renderLabel(deps.urls, repo, label));
  const readIssueLabels = (body: unknown): string[] => {
    const parsed = parseInput(
      issueLabelsSchema,
      Array.isArray(body) ? { labels: body } : body,
      "Label",
    );
    return normalizeLabelNames(parsed.labels);
  };

  router.add(
    "GET",
    "/repos/{owner}/{repo}/labels",
    ({ params, principal, query, url }) => {
      const repo = requireRepo(deps, params, principal);
      const page = readPage(query);
      const rows = store.labels.list(repo.id, page.limit, page.offset);
      const link = linkHeader(url, page, store.labels.count(repo.id));
      return {
        status: 200,
        body: rows.map((label) => renderLabel(deps.urls, repo, label)),
        ...(link ? { headers: { link } } : {}),
      };
    },
    { cacheable: true },
  );

  // https://docs.github.com/rest/issues/labels#create-a-label: a taken name is 422
  // already_exists, which crashfix uses as the lock for one issue per fingerprint.
  router.add(
    "POST",
    "/repos/{owner}/{repo}/labels",
    ({ params, principal, body }) => {
      requireActor(principal);
      const repo = requireRepo(deps, params, principal);
      const input = parseInput(createSchema, body, "Label");
      const label = store.labels.create(repo.id, input);
      if (!label) throw alreadyExists();
      deps.countWrite();
      return { status: 201, body: renderLabel(deps.urls, repo, label) };
    },
    { creates: true },
  );

  router.add(
    "GET",
    "/repos/{owner}/{repo}/labels/{name}",
    ({ params, principal }) => {
      const repo = requireRepo(deps, params, principal);
      return { status: 200, body: renderLabel(deps.urls, repo, requireLabel(repo, params.name)) };
    },
    { cacheable: true },
  );

  router.add("PATCH", "/repos/{owner}/{repo}/labels/{name}", ({ params, principal, body }) => {
    requireActor(principal);
    const repo = requireRepo(deps, params, principal);
    const label = requireLabel(repo, params.name);
    const input = parseInput(updateSchema, body, "Label");
    const updated = store.labels.update(label, {
      ...(input.new_name !== undefined ? { name: input.new_name } : {}),
      ...(input.color !== undefined ? { color: input.color } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
    });
    if (!updated) throw alreadyExists();
    deps.countWrite();
    return { status: 200, body: renderLabel(deps.urls, repo, updated) };
  });

  router.add("DELETE", "/repos/{owner}/{repo}/labels/{name}", ({ params, principal }) => {
    requireActor(principal);
    const repo = requireRepo(deps, params, principal);
    store.labels.remove(requireLabel(repo, params.name));
    deps.countWrite();
    return { status: 204 };
  });

  router.add(
    "GET",
    "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    ({ params, principal }) => {
      const repo = requireRepo(deps, params, principal);
      return {
        status: 200,
        body: issueLabels(repo, requireIssue(deps, repo, params.issue_number)),
      };
    },
    { cacheable: true },
  );

  // Add (POST) or replace (PUT) an issue's labels; missing labels are created.
  // https://docs.github.com/rest/issues/labels#add-labels-to-an-issue
  // https://docs.github.com/rest/issues/labels#set-labels-for-an-issue
  for (const [method, mode] of [
    ["POST", "addToIssue"],
    ["PUT", "setOnIssue"],
  ] as const) {
    router.add(
      method,
      "/repos/{owner}/{repo}/issues/{issue_number}/labels",
      ({ params, principal, body }) => {
        const actor = requireActor(principal);
        const repo = requireRepo(deps, params, principal);
        const issue = requireIssue(deps, repo, params.issue_number);
        const names = readIssueLabels(body);
        const before = store.labels.forIssue(issue.id);
        store.db.transaction(() => {
          store.labels[mode](issue.id, store.labels.ensureAll(repo.id, names));
          store.issues.touch(issue.id);
        })();
        deps.countWrite();
        emitLabelChanges(deps, repo, issue.id, before, actor);
        return { status: 200, body: issueLabels(repo, issue) };
      },
    );
  }

  router.add(
    "DELETE",
    "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    ({ params, principal }) => {
      const actor = requireActor(principal);
      const repo = requireRepo(deps, params, principal);
      const issue = requireIssue(deps, repo, params.issue_number);
      const before = store.labels.forIssue(issue.id);
      store.labels.setOnIssue(issue.id, []);
      store.issues.touch(issue.id);
      deps.countWrite();
      emitLabelChanges(deps, repo, issue.id, before, actor);
      return { status: 204 };
    },
  );

  router.add(
    "DELETE",
    "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
    ({ params, principal }) => {
      const actor = requireActor(principal);
      const repo = requireRepo(deps, params, principal);
      const issue = requireIssue(deps, repo, params.issue_number);
      const label = store.labels.find(repo.id, params.name ?? "");
      if (!label || !store.labels.removeFromIssue(issue.id, label.id)) {
        throw new ApiError(404, "Label does not exist");
      }
      store.issues.touch(issue.id);
      deps.countWrite();
      const touched = store.issues.getById(issue.id);
      if (touched) deps.events.label("unlabeled", repo, touched, label, actor);
      return { status: 200, body: issueLabels(repo, issue) };
    },
  );
}
