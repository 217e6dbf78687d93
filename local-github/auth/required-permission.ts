import type { PermissionName } from "./installation-state.js";

export type RequiredPermission = { names: readonly PermissionName[]; level: "read" | "write" };

const REPO_PREFIX = "/repos/{owner}/{repo}/";

// The permission a repository route needs from an installation token, after
// GitHub's table: issues need Issues; labels and issue comments need Issues
// or Pull requests (a pull request is an issue there); pulls need Pull
// requests; git refs need Contents. Reads need read, anything else write.
// https://docs.github.com/rest/authentication/permissions-required-for-github-apps
const BY_AREA: Record<string, readonly PermissionName[]> = {
  issues: ["issues"],
  labels: ["issues", "pull_requests"],
  "issue-comments": ["issues", "pull_requests"],
  pulls: ["pull_requests"],
  git: ["contents"],
};

/**
 * What an installation token needs for a route key such as
 * `POST /repos/{owner}/{repo}/issues`; undefined when metadata (always
 * granted) is enough: the repository itself, search, the user.
 */
export function requiredPermission(routeKey: string): RequiredPermission | undefined {
  const space = routeKey.indexOf(" ");
  const method = routeKey.slice(0, space);
  const path = routeKey.slice(space + 1);
  if (!path.startsWith(REPO_PREFIX)) return undefined;
  const rest = path.slice(REPO_PREFIX.length).split("/");
  const area = areaOf(rest);
  const names = BY_AREA[area];
  if (!names) return undefined;
  return { names, level: method === "GET" || method === "HEAD" ? "read" : "write" };
}

function areaOf(rest: string[]): string {
  if (rest[0] !== "issues") return rest[0] ?? "";
  if (rest[1] === "comments" || rest[2] === "comments") return "issue-comments";
  return rest[2] === "labels" ? "labels" : "issues";
}
