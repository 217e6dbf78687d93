import type { ChangedFile } from "../git/read-diff.js";
import { escapeHtml as e } from "./escape-html.js";
import type { PullChange } from "./read-pull-change.js";

// Git's per-file header lines GitHub does not show (the file name heads the block instead).
const HIDDEN = /^(diff --git |index |--- |\+\+\+ )/;
const META =
  /^(new file mode|deleted file mode|old mode|new mode|similarity index|dissimilarity index|rename from|rename to|copy from|copy to|Binary files)/;

/** What a header line tells a reader; names and similarity are already in the file heading. */
function note(line: string): string | undefined {
  if (line.startsWith("new file mode")) return "New file.";
  if (line.startsWith("deleted file mode")) return "Deleted file.";
  if (line.startsWith("Binary files")) return "Binary file not shown.";
  if (/^(old|new) mode/.test(line)) return line;
  return undefined;
}

const kb = (bytes: number): string => `${Math.round(bytes / 1024)} KB`;

/** Splits a unified diff into one block per file, in git's order (the order of `files`). */
function splitFiles(patch: string): string[][] {
  const blocks: string[][] = [];
  for (const line of patch.split("\n")) {
    if (line.startsWith("diff --git ")) blocks.push([]);
    blocks.at(-1)?.push(line);
  }
  return blocks;
}

function lineClass(line: string): string {
  if (line.startsWith("@@")) return "hunk";
  if (line.startsWith("+")) return "add";
  if (line.startsWith("-")) return "del";
  if (line.startsWith("\\")) return "meta";
  return "ctx";
}

function renderFile(lines: string[], file: ChangedFile | undefined, index: number): string {
  const name = file ? (file.from ? `${file.from} → ${file.path}` : file.path) : (lines[0] ?? "");
  const body: string[] = [];
  const notes: string[] = [];
  let inHunks = false;
  for (const line of lines) {
    // Before the first hunk come git's headers; after it, "--- x" is a removed line.
    if (line.startsWith("@@")) inHunks = true;
    if (!inHunks && HIDDEN.test(line)) continue;
    if (!inHunks && META.test(line)) {
      const text = note(line);
      if (text) notes.push(text);
      continue;
    }
    if (line === "" && body.length === 0) continue;
    body.push(`<span class="ln ${lineClass(line)}">${e(line)}</span>`);
  }
  // A trailing empty string from the final newline is not a diff line.
  if (body.at(-1) === '<span class="ln ctx"></span>') body.pop();
  const stats = file
    ? file.binary
      ? '<span class="muted">binary</span>'
      : `<span class="plus">+${file.additions}</span> <span class="minus">−${file.deletions}</span>`
    : "";
  return `<section class="file" id="diff-${index}" aria-label="${e(name)}"><div class="file-head"><span class="path">${e(name)}</span> ${stats}</div>${notes.map((note) => `<p class="note muted">${e(note)}</p>`).join("")}${body.length ? `<pre class="diff"><code>${body.join("")}</code></pre>` : ""}</section>`;
}

/** The "Files changed" part of a pull request page. Every string from git is escaped. */
export function renderChange(change: PullChange, limit: number): string {
  const parts: string[] = ['<h2 id="files">Files changed</h2>'];
  if (change.headMissing) {
    parts.push(
      `<p class="warn">The head branch <span class="branch">${e(change.head)}</span> no longer exists${change.diff ? "; showing the last commit this pull request recorded." : "."}</p>`,
    );
  }
  const { diff } = change;
  if (!diff) {
    parts.push(
      `<p class="muted">No diff available (${e(change.problem ?? "unknown reason")}).</p>`,
    );
    return parts.join("");
  }
  if (diff.files.length === 0) {
    parts.push(
      `<p class="muted">No changes between <span class="branch">${e(change.base)}</span> and <span class="branch">${e(change.head)}</span>.</p>`,
    );
    return parts.join("");
  }
  const added = diff.files.reduce((sum, file) => sum + file.additions, 0);
  const removed = diff.files.reduce((sum, file) => sum + file.deletions, 0);
  parts.push(
    `<p>${diff.files.length} ${diff.files.length === 1 ? "file" : "files"} changed, <span class="plus">+${added}</span> <span class="minus">−${removed}</span></p>`,
    `<ul class="files">${diff.files.map((file, i) => `<li><a href="#diff-${i}">${e(file.from ? `${file.from} → ${file.path}` : file.path)}</a></li>`).join("")}</ul>`,
  );
  const blocks = splitFiles(diff.patch);
  parts.push(...blocks.map((lines, i) => renderFile(lines, diff.files[i], i)));
  if (diff.truncated) {
    parts.push(
      `<p class="warn">The diff is larger than ${kb(limit)}; only the first ${kb(limit)} is shown (${blocks.length} of ${diff.files.length} files, the last possibly cut).</p>`,
    );
  }
  return parts.join("");
}
