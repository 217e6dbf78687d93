import type { IncomingMessage, ServerResponse } from "node:http";
import type { GitRepos } from "../git/git-repos.js";
import { DIFF_LIMIT_BYTES } from "../git/read-diff.js";
import type { Urls } from "../shapes/urls.js";
import type { Store } from "../store/create-store.js";
import type { IssueRow } from "../store/rows.js";
import { homePage, issuePage, notFoundPage, repoPage } from "./pages.js";
import { readPullChange } from "./read-pull-change.js";
import { renderChange } from "./render-diff.js";

export type HtmlDeps = { store: Store; urls: Urls; git: GitRepos; diffLimit?: number };

// Nothing on these pages may run or load anything: report text is attacker-controlled.
const securityHeaders = {
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

const PAGE_SIZE = 200;

/**
 * The read-only pages a person opens to see what crashfix filed: `/`,
 * `/<owner>/<repo>`, `/<owner>/<repo>/issues/<n>` and `/<owner>/<repo>/pull/<n>`.
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
  const status = html === undefined ? 404 : 200;
  const text = html ?? notFoundPage();
  res.writeHead(status, {
    ...securityHeaders,
    "content-type": "text/html; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
  });
  res.end(req.method === "HEAD" ? undefined : text);
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
  const [owner, name, section, number] = parts;
  const repo = owner && name ? store.repos.find(owner, name) : undefined;
  if (!repo) return undefined;
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
    return repoPage(repo, list("issues"), list("pulls"));
  }
  if (
    parts.length !== 4 ||
    (section !== "issues" && section !== "pull") ||
    !/^\d{1,9}$/.test(number ?? "")
  ) {
    return undefined;
  }
  const issue = store.issues.get(repo.id, Number(number));
  if (!issue || (section === "pull") !== (issue.is_pull === 1)) return undefined;
  const comments = store.comments.listForIssue(issue.id, "", 1000, 0).rows;
  const labels = store.labels.forIssue(issue.id);
  if (!issue.is_pull) return issuePage(repo, issue, labels, comments);
  const limit = deps.diffLimit ?? DIFF_LIMIT_BYTES;
  const change = await readPullChange(deps.git, repo, issue, limit);
  return issuePage(repo, issue, labels, comments, renderChange(change, limit));
}
