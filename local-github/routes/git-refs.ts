import { z } from "zod";
import { ApiError, notFound } from "../errors.js";
import { isSafeRef } from "../git/git-repos.js";
import { parseInput } from "../http/parse-input.js";
import type { Router } from "../http/router.js";
import { nodeId, repoApiUrl } from "../shapes/urls.js";
import type { RepoRow } from "../store/rows.js";
import type { RouteDeps } from "./deps.js";
import { requireActor, requireRepo } from "./deps.js";

const shaSchema = z.string().regex(/^[0-9a-f]{40}$/, "sha must be a 40-character hex object id");
const createSchema = z.object({ ref: z.string().min(1), sha: shaSchema });
const updateSchema = z.object({ sha: shaSchema, force: z.boolean().optional() });

// https://docs.github.com/rest/git/refs
const unprocessable = (message: string) =>
  new ApiError(422, message, { docs: "https://docs.github.com/rest/git/refs" });

export function registerGitRefRoutes(router: Router, deps: RouteDeps): void {
  const { git } = deps;
  const render = (repo: RepoRow, ref: string, sha: string) => {
    const api = repoApiUrl(deps.urls, repo.owner, repo.name);
    return {
      ref,
      node_id: nodeId("REF", hash(`${repo.id}:${ref}`)),
      url: `${api}/git/${ref}`,
      object: { type: "commit", sha, url: `${api}/git/commits/${sha}` },
    };
  };
  const fullRef = (raw: string | undefined): string => {
    const ref = `refs/${raw ?? ""}`;
    if (!isSafeRef(ref)) throw notFound();
    return ref;
  };

  // Creating a ref fails with 422 when it exists: crashfix uses that as a claim.
  router.add(
    "POST",
    "/repos/{owner}/{repo}/git/refs",
    async ({ params, principal, body }) => {
      requireActor(principal);
      const repo = requireRepo(deps, params, principal);
      const input = parseInput(createSchema, body, "Reference");
      if (!isSafeRef(input.ref)) {
        throw unprocessable(`${input.ref} is not a valid ref name.`);
      }
      const outcome = await git.createRef(repo.owner, repo.name, input.ref, input.sha);
      if (outcome === "bad-object") throw unprocessable("Object does not exist");
      if (outcome === "exists") throw unprocessable("Reference already exists");
      deps.countWrite();
      return { status: 201, body: render(repo, input.ref, input.sha) };
    },
    { creates: true },
  );

  router.add("GET", "/repos/{owner}/{repo}/git/ref/{ref+}", ({ params, principal }) => {
    const repo = requireRepo(deps, params, principal);
    const ref = fullRef(params.ref);
    const sha = git.readRef(repo.owner, repo.name, ref);
    if (!sha) throw notFound();
    return { status: 200, body: render(repo, ref, sha) };
  });

  router.add(
    "GET",
    "/repos/{owner}/{repo}/git/matching-refs/{ref+}",
    async ({ params, principal }) => {
      const repo = requireRepo(deps, params, principal);
      const prefix = `refs/${params.ref ?? ""}`;
      const refs = await git.listRefs(repo.owner, repo.name, prefix);
      return { status: 200, body: refs.map(([ref, sha]) => render(repo, ref, sha)) };
    },
  );

  router.add(
    "PATCH",
    "/repos/{owner}/{repo}/git/refs/{ref+}",
    async ({ params, principal, body }) => {
      requireActor(principal);
      const repo = requireRepo(deps, params, principal);
      const ref = fullRef(params.ref);
      const input = parseInput(updateSchema, body, "Reference");
      const current = git.readRef(repo.owner, repo.name, ref);
      if (!current) throw unprocessable("Reference does not exist");
      if (!input.force && !(await git.isAncestor(repo.owner, repo.name, current, input.sha))) {
        throw unprocessable("Update is not a fast forward");
      }
      if (!(await git.updateRef(repo.owner, repo.name, ref, input.sha))) {
        throw unprocessable("Object does not exist");
      }
      deps.countWrite();
      return { status: 200, body: render(repo, ref, input.sha) };
    },
  );

  router.add("DELETE", "/repos/{owner}/{repo}/git/refs/{ref+}", async ({ params, principal }) => {
    requireActor(principal);
    const repo = requireRepo(deps, params, principal);
    const ref = fullRef(params.ref);
    if (!(await git.deleteRef(repo.owner, repo.name, ref)))
      throw unprocessable("Reference does not exist");
    deps.countWrite();
    return { status: 204 };
  });
}

function hash(text: string): number {
  let value = 0;
  for (let i = 0; i < text.length; i++) value = (value * 33 + text.charCodeAt(i)) % 1_000_000_007;
  return value;
}
