import type { RepoRow } from "../store/rows.js";
import { escapeHtml as e } from "./escape-html.js";
import { layout, repoPath, timeTag } from "./pages.js";
import type { CommitView } from "./read-commit.js";
import { renderChange } from "./render-diff.js";

/** /<owner>/<repo>/commit/<sha>: the message, the author and the change against the first parent. */
export function commitPage(repo: RepoRow, commit: CommitView, limit: number): string {
  const [subject = "", ...rest] = commit.message.split("\n");
  const change = commit.parent
    ? renderChange(
        {
          head: commit.sha.slice(0, 7),
          base: commit.parent.slice(0, 7),
          headMissing: false,
          diff: commit.diff,
        },
        limit,
      )
    : '<p class="muted">The first commit of the repository.</p>';
  return layout(
    `${subject} · ${repo.owner}/${repo.name}@${commit.sha.slice(0, 7)}`,
    `<p><a href="${e(repoPath(repo))}">${e(repo.owner)}/${e(repo.name)}</a></p>
<h1>${e(subject)}</h1>${rest.join("\n").trim() ? `<pre>${e(rest.join("\n").trim())}</pre>` : ""}
<p><strong>${e(commit.author)}</strong> committed on ${timeTag(commit.date)} · <span class="branch">${commit.sha}</span></p>${change}`,
  );
}
