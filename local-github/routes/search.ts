import { ApiError } from "../errors.js";
import { linkHeader, readPage } from "../http/paginate.js";
import type { Router } from "../http/router.js";
import type { RateLimiter } from "../limits/rate-limiter.js";
import { renderIssue } from "../shapes/issue.js";
import { isoSeconds } from "../store/open-store.js";
import type { IssueRow, RepoRow } from "../store/rows.js";
import type { RouteDeps } from "./deps.js";

export type SearchQuery = {
  repos: string[];
  kind?: "issue" | "pr";
  state?: "open" | "closed";
  labels: string[];
  words: string[];
};

/**
 * The subset of GitHub's issue search syntax crashfix could use: `repo:`, `is:`,
 * `state:`, `label:` (quoted or bare) and free words matched in title and body.
 * https://docs.github.com/search-github/searching-on-github/searching-issues-and-pull-requests
 */
export function parseSearchQuery(q: string): SearchQuery {
  const query: SearchQuery = { repos: [], labels: [], words: [] };
  for (const match of q.matchAll(/(\w+):"([^"]*)"|(\w+):(\S+)|"([^"]*)"|(\S+)/g)) {
    const key = (match[1] ?? match[3])?.toLowerCase();
    const value = match[2] ?? match[4] ?? "";
    if (key === "repo") query.repos.push(value.toLowerCase());
    else if (key === "label") query.labels.push(value.toLowerCase());
    else if (key === "is" && (value === "issue" || value === "pr")) query.kind = value;
    else if ((key === "is" || key === "state") && (value === "open" || value === "closed"))
      query.state = value;
    else if (key === "in" || key === "sort" || key === "type") continue;
    else query.words.push((match[5] ?? match[6] ?? `${key}:${value}`).toLowerCase());
  }
  return query;
}

export function registerSearchRoutes(router: Router, deps: RouteDeps, limiter: RateLimiter): void {
  const { store } = deps;
  router.add("GET", "/search/issues", ({ query, url, principal }) => {
    const headers = limiter.takeSearch(principal.bucket);
    const q = query.get("q") ?? "";
    if (q.trim() === "") {
      throw new ApiError(422, "Validation Failed", {
        errors: [{ resource: "Search", field: "q", code: "missing" }],
      });
    }
    const parsed = parseSearchQuery(q);
    const page = readPage(query);
    // Issues become searchable only after the configured indexing delay, as on GitHub.
    const indexedBefore = isoSeconds(
      deps.now() - limiter.current().search.indexDelaySeconds * 1000,
    );
    const repos = store.repos
      .list()
      .filter(
        (repo) =>
          parsed.repos.length === 0 ||
          parsed.repos.includes(`${repo.owner}/${repo.name}`.toLowerCase()),
      )
      .filter((repo) => repo.private === 0 || principal.kind !== "anonymous");
    const hits: Array<{ repo: RepoRow; issue: IssueRow }> = [];
    for (const repo of repos) {
      const { rows } = store.issues.list({
        repoId: repo.id,
        state: parsed.state ?? "all",
        labels: [...new Set(parsed.labels)],
        sort: "created",
        direction: "desc",
        limit: 10_000,
        offset: 0,
        kind: parsed.kind === "pr" ? "pulls" : "issues-and-pulls",
      });
      for (const issue of rows) {
        if (parsed.kind === "issue" && issue.is_pull) continue;
        if (issue.updated_at > indexedBefore) continue;
        const text = `${issue.title}\n${issue.body ?? ""}`.toLowerCase();
        if (parsed.words.every((word) => text.includes(word))) hits.push({ repo, issue });
      }
    }
    const items = hits.slice(page.offset, page.offset + page.limit).map(({ repo, issue }) => ({
      ...renderIssue(deps.urls, repo, issue, store.labels.forIssue(issue.id)),
      score: 1,
    }));
    const link = linkHeader(url, page, hits.length);
    return {
      status: 200,
      body: { total_count: hits.length, incomplete_results: false, items, search_type: "lexical" },
      headers: { ...headers, ...(link ? { link } : {}) },
    };
  });
}
