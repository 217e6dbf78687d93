import { z } from "zod";
import { validationFailed } from "../errors.js";
import { parseInput } from "../http/parse-input.js";
import type { Router } from "../http/router.js";
import { renderRepository } from "../shapes/repository.js";
import { renderUser } from "../shapes/user.js";
import type { RepoRow } from "../store/rows.js";
import type { RouteDeps } from "./deps.js";
import { requireActor, requireRepo } from "./deps.js";

const createSchema = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, "name may use letters, digits, '.', '-' and '_'"),
  private: z.boolean().optional(),
});

export function registerRepoRoutes(router: Router, deps: RouteDeps): void {
  const render = (repo: RepoRow) =>
    renderRepository(deps.urls, repo, deps.store.repos.openIssueCount(repo.id));

  router.add(
    "GET",
    "/repos/{owner}/{repo}",
    ({ params, principal }) => ({
      status: 200,
      body: render(requireRepo(deps, params, principal)),
    }),
    { cacheable: true },
  );

  const create = async (owner: string, body: unknown) => {
    const input = parseInput(createSchema, body, "Repository");
    const { repo, created } = await deps.createRepo(
      `${owner}/${input.name}`,
      input.private ?? false,
    );
    if (!created) {
      throw validationFailed([
        {
          resource: "Repository",
          code: "custom",
          field: "name",
          message: "name already exists on this account",
        },
      ]);
    }
    deps.countWrite();
    return { status: 201, body: render(repo) };
  };

  // https://docs.github.com/rest/repos/repos#create-a-repository-for-the-authenticated-user
  router.add(
    "POST",
    "/user/repos",
    ({ principal, body }) => create(requireActor(principal).login, body),
    {
      creates: true,
    },
  );
  router.add(
    "POST",
    "/orgs/{org}/repos",
    ({ principal, body, params }) => {
      requireActor(principal);
      return create(params.org ?? "", body);
    },
    { creates: true },
  );

  router.add("GET", "/user", ({ principal }) => {
    const actor = requireActor(principal);
    return { status: 200, body: renderUser(deps.urls, actor.login, actor.type) };
  });

  router.add("GET", "/user/repos", ({ principal }) => {
    requireActor(principal);
    return { status: 200, body: deps.store.repos.list().map(render) };
  });
}
