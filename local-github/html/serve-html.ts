import type { IncomingMessage, ServerResponse } from "node:http";
import type { GitRepos } from "../git/git-repos.js";
import { DIFF_LIMIT_BYTES } from "../git/read-diff.js";
import { listRuns, readRun } from "../runs/runs-folder.js";
import type { Urls } from "../shapes/urls.js";
import type { Store } from "../store/create-store.js";
import type { IssueRow, RepoRow } from "../store/rows.js";
import { runPage, runsPage } from "./actions-pages.js";
import { type AutolinkTargets, shaCandidates } from "./autolink.js";
import { commitPage } from "./commit-page.js";
import { FAVICON_SVG } from "./favicon.js";
import { homePage, issuePage, notFoundPage, repoPage } from "./pages.js";
import { readCommit } from "./read-commit.js";
import { readPullChange } from "./read-pull-change.js";
import { renderChange } from "./render-diff.js";
import { renderMarkdown } from "./render-markdown.js";
import { resolveCommits } from "./resolve-commits.js";

export type HtmlDeps = {
  store: Store;
  urls: Urls;
  git: GitRepos;
  diffLimit?: number;
  /** The local GitHub's data folder: workflow runs live under it (runs/runs-folder.ts). */
  dataDir?: string;
};

// Nothing on these pages may run or load anything: report text is attacker-controlled.
const securityHeaders = {
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

const PAGE_SIZE = 200;

type Page = { status: number; type: string; body: string };

/**
 * The read-only pages a person opens to see what crashfix filed: `/`,
 * `/<owner>/<repo>`, its issues, pull requests, commits and Actions runs.
 * The server listens on loopback only, so private repositories are listed too.
 */
export async function serveHtml(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: HtmlDeps,
): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" });
    res.end("Method Not Allowed\n");
    return;
  }
  const html = await render(url.pathname, deps);
  const page: Page =
    url.pathname === "/favicon.ico" || url.pathname === "/favicon.svg"
      ? { status: 200, type: "image/svg+xml", body: FAVICON_SVG }
      : html === undefined
        ? { status: 404, type: "text/html; charset=utf-8", body: notFoundPage() }
        : { status: 200, type: "text/html; charset=utf-8", body: html };
  res.writeHead(page.status, {
    ...securityHeaders,
    "content-type": page.type,
    "content-length": String(Buffer.byteLength(page.body)),
  });
  res.end(req.method === "HEAD" ? undefined : page.body);
}

/** What `#N`, `owner/repo#N` and shas in this repository's text link to. */
async function targetsFor(
  deps: HtmlDeps,
  repo: RepoRow,
  texts: string[],
): Promise<AutolinkTargets> {
  const commits = await resolveCommits(
    deps.git.pathOf(repo.owner, repo.name),
    texts.flatMap((text) => shaCandidates(text)),
  );
  const base = `/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}`;
  return {
    issue(fullName, number) {
      const [owner = repo.owner, name = repo.name] = fullName ? fullName.split("/") : [];
      const target = deps.store.repos.find(owner, name);
      const issue = target ? deps.store.issues.get(target.id, number) : undefined;
      if (!target || !issue) return undefined;
      return `/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.name)}/${issue.is_pull ? "pull" : "issues"}/${number}`;
    },
    commit(sha) {
      const full = commits.get(sha);
      return full ? `${base}/commit/${full}` : undefined;
    },
  };
}

async function render(pathname: string, deps: HtmlDeps): Promise<string | undefined> {
  const { store } = deps;
  let parts: string[];
  try {
    parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  if (parts.length === 0) {
    return homePage(
      store.repos.list().map((repo) => ({ repo, openIssues: store.repos.openIssueCount(repo.id) })),
    );
  }
  const [owner, name, section, number, extra] = parts;
  const repo = owner && name ? store.repos.find(owner, name) : undefined;
  if (!repo) return undefined;
  const limit = deps.diffLimit ?? DIFF_LIMIT_BYTES;
  const withLabels = (issue: IssueRow) => ({ issue, labels: store.labels.forIssue(issue.id) });
  // /<owner>/<repo>, and its /issues and /pulls lists, show the repository page.
  if (parts.length === 2 || (parts.length === 3 && (section === "issues" || section === "pulls"))) {
    const list = (kind: "issues" | "pulls") =>
      store.issues
        .list({
          repoId: repo.id,
          state: "all",
          labels: [],
          sort: "updated",
          direction: "desc",
          limit: PAGE_SIZE,
          offset: 0,
          kind,
        })
        .rows.map(withLabels);
    const runs = deps.dataDir ? await listRuns(deps.dataDir, repo.owner, repo.name) : [];
    return repoPage(repo, list("issues"), list("pulls"), runs.length);
  }
  if (section === "actions") return renderActions(deps, repo, parts.slice(3));
  if (section === "commit" && parts.length === 4 && /^[0-9a-f]{7,40}$/.test(number ?? "")) {
    const full = (await resolveCommits(deps.git.pathOf(repo.owner, repo.name), [number ?? ""])).get(
      number ?? "",
    );
    const commit = full
      ? await readCommit(deps.git.pathOf(repo.owner, repo.name), full, limit)
      : undefined;
    return commit ? commitPage(repo, commit, limit) : undefined;
  }
  if (
    extra !== undefined ||
    (section !== "issues" && section !== "pull") ||
    !/^\d{1,9}$/.test(number ?? "")
  ) {
    return undefined;
  }
  const issue = store.issues.get(repo.id, Number(number));
  if (!issue || (section === "pull") !== (issue.is_pull === 1)) return undefined;
  const comments = store.comments.listForIssue(issue.id, "", 1000, 0).rows;
  const labels = store.labels.forIssue(issue.id);
  const targets = await targetsFor(deps, repo, [issue.body ?? "", ...comments.map((c) => c.body)]);
  const markdown = (source: string) => renderMarkdown(source, targets);
  if (!issue.is_pull) return issuePage(repo, issue, labels, comments, markdown);
  const change = await readPullChange(deps.git, repo, issue, limit);
  return issuePage(repo, issue, labels, comments, markdown, renderChange(change, limit));
}

async function renderActions(
  deps: HtmlDeps,
  repo: RepoRow,
  rest: string[],
): Promise<string | undefined> {
  if (!deps.dataDir) return undefined;
  if (rest.length === 0) return runsPage(repo, await listRuns(deps.dataDir, repo.owner, repo.name));
  const [runs, id] = rest;
  if (rest.length !== 2 || runs !== "runs" || !/^\d{1,9}$/.test(id ?? "")) return undefined;
  const run = await readRun(deps.dataDir, repo.owner, repo.name, Number(id));
  if (!run) return undefined;
  const targets = await targetsFor(
    deps,
    repo,
    run.jobs.map((job) => job.summary),
  );
  return runPage(repo, run, (source) => renderMarkdown(source, targets));
}
