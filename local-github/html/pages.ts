import type { CommentRow, IssueRow, LabelRow, RepoRow } from "../store/rows.js";
import { escapeHtml as e } from "./escape-html.js";
import { readableDate } from "./format-date.js";

const style = `
.run-job{border:1px solid #d0d7de;border-radius:6px;margin:12px 0}.run-job>.meta{background:#f6f8fa;padding:6px 12px;border-bottom:1px solid #d0d7de}
.run-job>.md{padding:4px 12px}.visibility{font-size:12px;font-weight:500;border:1px solid #d0d7de;border-radius:2em;padding:0 8px;vertical-align:middle;color:#59636e}
.ok{color:#1a7f37;font-weight:600}.bad{color:#d1242f;font-weight:600}
body{font:14px/1.5 system-ui,sans-serif;margin:0;color:#1f2328;background:#fff}
header{background:#24292f;color:#fff;padding:10px 24px}header a{color:#fff;font-weight:600}
main{max-width:980px;margin:0 auto;padding:16px 24px}a{color:#0969da;text-decoration:none}
table.list{border-collapse:collapse;width:100%}.list td,.list th{border-bottom:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top}
.md table{border-collapse:collapse;display:block;width:max-content;max-width:100%;overflow:auto;margin:8px 0}
.md td,.md th{border:1px solid #d0d7de;padding:6px 13px}.md th{font-weight:600;background:#f6f8fa}.md th:not([align]){text-align:left}
.md details{margin:8px 0}.md summary{cursor:pointer}.md sub{color:#59636e}.md .image{color:#59636e}
a.reference{font-weight:500}time{white-space:nowrap}
.label{display:inline-block;border-radius:2em;padding:0 8px;margin:0 2px;font-size:12px;font-weight:500;border:1px solid #0002}
.state{border-radius:2em;padding:2px 10px;color:#fff;font-size:12px}.open{background:#1f883d}.closed{background:#8250df}
.box{border:1px solid #d0d7de;border-radius:6px;margin:12px 0}.box>.meta{background:#f6f8fa;padding:6px 12px;border-bottom:1px solid #d0d7de;color:#59636e}
.box>.md{padding:4px 12px}pre{background:#f6f8fa;padding:8px;overflow:auto}code{font-size:12px}
.branch{font-family:monospace;background:#ddf4ff;border-radius:6px;padding:0 4px}.muted{color:#59636e}
.warn{background:#fff8c5;border:1px solid #d4a72c66;border-radius:6px;padding:6px 12px}.plus{color:#1a7f37}.minus{color:#d1242f}
.file{border:1px solid #d0d7de;border-radius:6px;margin:12px 0}.file-head{background:#f6f8fa;padding:6px 12px;border-bottom:1px solid #d0d7de}
.file-head .path{font-family:monospace;font-weight:600}.file .note{margin:0;padding:6px 12px}
pre.diff{margin:0;padding:0;background:#fff}.ln{display:block;padding:0 8px;white-space:pre}
.ln.add{background:#dafbe1}.ln.del{background:#ffebe9}.ln.hunk{background:#ddf4ff;color:#59636e}.ln.meta{color:#59636e}
.chart{margin:8px 0}.chart figcaption{font-weight:600;margin-bottom:4px}
.bars{display:flex;align-items:flex-end;gap:2px;height:180px;list-style:none;margin:0 0 44px;padding:0}
.bars li{position:relative;flex:1 1 0;min-width:0;max-width:56px;height:100%;display:flex;flex-direction:column;justify-content:flex-end;align-items:center;box-shadow:0 1px 0 #d0d7de}
.bars .bar{display:block;width:100%;min-height:1px;background:#0969da;border-radius:2px 2px 0 0}.bars .v{font-size:10px;color:#59636e;min-height:14px}
.bars .x{position:absolute;top:100%;height:40px;overflow:hidden;font-size:10px;color:#59636e;writing-mode:vertical-rl;transform:rotate(180deg)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}`;

/** A page shell; `title` and every interpolated string are escaped by the callers' helpers. */
export function layout(title: string, content: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" href="/favicon.svg" type="image/svg+xml"><style>${style}</style></head>
<body><header><a href="/">crashfix local GitHub</a></header><main>${content}</main></body></html>`;
}

/** Label colours are stored as 6 hex digits; anything else falls back to grey. */
const labelChip = (label: LabelRow): string => {
  const color = /^[0-9a-f]{6}$/.test(label.color) ? label.color : "ededed";
  const dark =
    Number.parseInt(color.slice(0, 2), 16) * 0.3 +
      Number.parseInt(color.slice(2, 4), 16) * 0.59 +
      Number.parseInt(color.slice(4, 6), 16) * 0.11 <
    128;
  return `<span class="label" style="background:#${color};color:${dark ? "#fff" : "#1f2328"}">${e(label.name)}</span>`;
};

const stateChip = (state: string): string =>
  `<span class="state ${state === "open" ? "open" : "closed"}">${e(state)}</span>`;

export const repoPath = (repo: RepoRow): string =>
  `/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}`;

export const count = (n: number, noun: string, nouns = `${noun}s`): string =>
  `${n} ${n === 1 ? noun : nouns}`;

export const timeTag = (iso: string): string =>
  `<time datetime="${e(iso)}">${e(readableDate(iso))}</time>`;

export function homePage(repos: Array<{ repo: RepoRow; openIssues: number }>): string {
  const rows = repos
    .map(
      ({ repo, openIssues }) =>
        `<tr><td><a href="${e(repoPath(repo))}">${e(repo.owner)}/${e(repo.name)}</a></td>
<td>${repo.private ? "private" : "public"}</td><td>${openIssues} open</td></tr>`,
    )
    .join("");
  return layout(
    "Repositories",
    `<h1>Repositories</h1>${rows ? `<table class="list"><tr><th>Repository</th><th>Visibility</th><th>Issues and pull requests</th></tr>${rows}</table>` : `<p class="muted">No repositories yet.</p>`}`,
  );
}

export type IssueListItem = { issue: IssueRow; labels: LabelRow[] };

export function repoPage(
  repo: RepoRow,
  issues: IssueListItem[],
  pulls: IssueListItem[],
  runs: number,
): string {
  const issueRows = issues
    .map(
      ({ issue, labels }) =>
        `<tr><td>${stateChip(issue.state)}</td><td><a href="${e(repoPath(repo))}/issues/${issue.number}">#${issue.number} ${e(issue.title)}</a><br>${labels.map(labelChip).join("")}</td><td>${count(issue.comments, "comment")}</td><td class="muted">updated ${timeTag(issue.updated_at)}</td></tr>`,
    )
    .join("");
  const pullRows = pulls
    .map(
      ({ issue }) =>
        `<tr><td>${stateChip(issue.state)}</td><td><a href="${e(repoPath(repo))}/pull/${issue.number}">#${issue.number} ${e(issue.title)}</a></td><td><span class="branch">${e(issue.head_ref ?? "")}</span> → <span class="branch">${e(issue.base_ref ?? "")}</span>${issue.draft ? " (draft)" : ""}</td></tr>`,
    )
    .join("");
  const actions = runs
    ? `<p><a href="${e(repoPath(repo))}/actions">${count(runs, "workflow run")}</a></p>`
    : `<p class="muted">No workflow runs.</p>`;
  return layout(
    `${repo.owner}/${repo.name}`,
    `<h1>${e(repo.owner)}/${e(repo.name)} <span class="visibility">${repo.private ? "Private" : "Public"}</span></h1>
<h2>Issues</h2>${issueRows ? `<table class="list issues">${issueRows}</table>` : `<p class="muted">No issues.</p>`}
<h2>Pull requests</h2>${pullRows ? `<table class="list pulls">${pullRows}</table>` : `<p class="muted">No pull requests.</p>`}
<h2>Actions</h2>${actions}`,
  );
}

export function issuePage(
  repo: RepoRow,
  issue: IssueRow,
  labels: LabelRow[],
  comments: CommentRow[],
  markdown: (source: string) => string,
  /** The pull request's rendered "Files changed" part. */
  change = "",
): string {
  const kind = issue.is_pull ? "Pull request" : "Issue";
  const branches = issue.is_pull
    ? `<p>Wants to merge <span class="branch">${e(issue.head_ref ?? "")}</span> into <span class="branch">${e(issue.base_ref ?? "")}</span>${issue.draft ? " (draft)" : ""}</p>`
    : "";
  const box = (author: string, when: string, body: string | null, cls: string, verb: string) =>
    `<div class="box ${cls}"><div class="meta"><strong>${e(author)}</strong> ${verb} on ${timeTag(when)}</div><div class="md">${body ? markdown(body) : '<p class="muted">No description provided.</p>'}</div></div>`;
  return layout(
    `${issue.title} · ${kind} #${issue.number} · ${repo.owner}/${repo.name}`,
    `<p><a href="${e(repoPath(repo))}">${e(repo.owner)}/${e(repo.name)}</a></p>
<h1><span class="title">${e(issue.title)}</span> <span class="muted">#${issue.number}</span></h1>
<p>${stateChip(issue.state)} ${kind}${issue.state_reason ? ` (${e(issue.state_reason.replace(/_/g, " "))})` : ""} · <span class="labels">${labels.map(labelChip).join("")}</span></p>${branches}
${box(issue.author_login, issue.created_at, issue.body, "body", "opened this")}
<h2>${count(comments.length, "comment")}</h2>
${comments.map((comment) => box(comment.author_login, comment.updated_at, comment.body, "comment", "commented")).join("")}${change}`,
  );
}

export function notFoundPage(): string {
  return layout("Not Found", "<h1>Not Found</h1><p>No such page on this local GitHub.</p>");
}
