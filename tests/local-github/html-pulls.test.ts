import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitRepos } from "../../local-github/git/git-repos.js";
import { parseNumstat, readDiff } from "../../local-github/git/read-diff.js";
import { readPullChange } from "../../local-github/html/read-pull-change.js";
import { renderChange } from "../../local-github/html/render-diff.js";
import type { LocalGitHub } from "../../local-github/index.js";
import { renderDailyTrend } from "../../triage/trend-chart.js";
import { CHROMIUM, launchBrowser, openPage, screenshot } from "../helpers/browser.js";
import { git, remoteUrl } from "./git-helpers.js";
import { apiClient, startTestGitHub, tempDir } from "./helpers.js";

// A pull request page shows its change as GitHub's "Files changed" does. File
// names and lines come from pushed commits, so they try injection too.

let gh: LocalGitHub;
let work: string;
const pulls: Record<string, number> = {};
const shas: Record<string, string> = {};

async function commit(files: Record<string, string | Buffer | null>, message: string) {
  for (const [path, content] of Object.entries(files)) {
    if (content === null) await rm(join(work, path));
    else await writeFile(join(work, path), content);
  }
  await git(work, ["add", "-A"]);
  await git(work, ["commit", "--quiet", "-m", message]);
}

async function branch(name: string, ...commits: Array<Record<string, string | Buffer | null>>) {
  await git(work, ["checkout", "--quiet", "-B", name, "main"]);
  for (const files of commits) await commit(files, `change on ${name}`);
  await git(work, ["push", "--quiet", "origin", name]);
  shas[name] = await git(work, ["rev-parse", "HEAD"]);
}

const page = async (path: string): Promise<string> => {
  const response = await fetch(`${gh.serverUrl}${path}`);
  expect(response.status).toBe(200);
  return response.text();
};

beforeAll(async () => {
  gh = await startTestGitHub();
  const call = apiClient(gh);
  const parent = await tempDir("crashfix-lg-pulls-");
  await git(parent, ["clone", "--quiet", remoteUrl(gh, "acme/triage"), "work"]);
  work = join(parent, "work");
  await git(work, ["checkout", "--quiet", "-B", "main"]);
  await commit(
    { "README.md": "# fixture\n", "app.ts": "const a = 1;\n-- old note\nkeep();\n" },
    "initial commit",
  );
  await git(work, ["push", "--quiet", "origin", "main"]);
  await branch("crashfix/fix-1", {
    "app.ts": "keep();\n<script>window.__pwned=1</script>\n",
    "logo.bin": Buffer.from([0, 1, 2, 0, 255, 0]),
    "we<i>rd.txt": "x\n",
  });
  await branch("crashfix/gone", { "gone.txt": "soon gone\n" });
  await branch("crashfix/merged", { "merged.txt": "merged by push\n" });
  await branch("crashfix/empty", { "tmp.txt": "a\n" }, { "tmp.txt": null });
  for (const head of ["crashfix/fix-1", "crashfix/gone", "crashfix/empty", "crashfix/merged"]) {
    const pull = await call("POST", "/repos/acme/triage/pulls", {
      title: `Pull from ${head}`,
      head,
      base: "main",
      body: "Proposed by crashfix",
    });
    expect(pull.status).toBe(201);
    pulls[head] = (pull.body as { number: number }).number;
  }
  await git(work, ["push", "--quiet", "origin", "--delete", "crashfix/gone"]);
  // Merged by a push to main, then closed, as a maintainer without a merge button would.
  await git(work, ["push", "--quiet", "origin", "crashfix/merged:main"]);
  const closed = await call("PATCH", `/repos/acme/triage/pulls/${pulls["crashfix/merged"]}`, {
    state: "closed",
  });
  expect(closed.status).toBe(200);
  const trend = renderDailyTrend(
    { "2026-11-24": 3, "2026-11-25": 5 },
    "2026-11-19",
    "2026-11-25",
    7,
  );
  await call("POST", `/repos/acme/triage/issues/${pulls["crashfix/fix-1"]}/comments`, {
    body: `**Counters**\n\n${trend}\n\n\`\`\`mermaid\nxychart-beta\n  bar [<b>]\n\`\`\``,
  });
}, 60_000);

afterAll(async () => {
  await gh?.close();
});

describe("the pull request page's Files changed", () => {
  it("lists the changed files and shows added and removed lines, escaped", async () => {
    const html = await page(`/acme/triage/pull/${pulls["crashfix/fix-1"]}`);
    expect(html).toContain("3 files changed");
    expect(html).toContain('<span class="path">app.ts</span>');
    expect(html).toContain("we&lt;i&gt;rd.txt");
    expect(html).toContain(
      '<span class="ln add">+&lt;script&gt;window.__pwned=1&lt;/script&gt;</span>',
    );
    expect(html).toContain('<span class="ln del">-const a = 1;</span>');
    // A removed line that looks like a header line is still a removed line.
    expect(html).toContain('<span class="ln del">--- old note</span>');
    expect(html).toContain('<span class="ln ctx"> keep();</span>');
    expect(html).toMatch(/<span class="ln hunk">@@ -1,3 \+1,2 @@<\/span>/);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<i>");
  });

  it("says a binary file is not shown", async () => {
    const html = await page(`/acme/triage/pull/${pulls["crashfix/fix-1"]}`);
    expect(html).toMatch(/<span class="path">logo\.bin<\/span> <span class="muted">binary<\/span>/);
    expect(html).toContain("Binary file not shown.");
  });

  it("says when the head branch was deleted and shows its last recorded commit", async () => {
    const html = await page(`/acme/triage/pull/${pulls["crashfix/gone"]}`);
    expect(html).toContain(
      'The head branch <span class="branch">crashfix/gone</span> no longer exists; showing the last commit',
    );
    expect(html).toContain('<span class="ln add">+soon gone</span>');
  });

  it("says there are no changes when the head's commits cancel out", async () => {
    const html = await page(`/acme/triage/pull/${pulls["crashfix/empty"]}`);
    expect(html).toContain("No changes between");
    expect(html).not.toContain('class="file"');
  });

  it("keeps showing a closed pull's change after its head was merged into the base", async () => {
    const html = await page(`/acme/triage/pull/${pulls["crashfix/merged"]}`);
    expect(html).toContain('<span class="ln add">+merged by push</span>');
  });

  it("says no diff is available when the head commit is missing too", async () => {
    const repo = { owner: "acme", name: "triage" } as Parameters<typeof readPullChange>[1];
    const pull = {
      head_ref: "crashfix/never",
      base_ref: "main",
      head_sha: "f".repeat(40),
      base_sha: shas.main ?? "",
    } as Parameters<typeof readPullChange>[2];
    const change = await readPullChange(createGitRepos(join(gh.dataDir, "git")), repo, pull);
    expect(change).toMatchObject({ headMissing: true, diff: undefined });
    const html = renderChange(change, 1024);
    expect(html).toContain("no longer exists.");
    expect(html).toContain("No diff available (git could not compute the diff).");
  });

  it("cuts a diff larger than the limit on a line end and says so", async () => {
    const gitDir = join(gh.dataDir, "git", "acme", "triage.git");
    const base = await git(gitDir, ["rev-parse", "refs/heads/main"]);
    const diff = await readDiff(gitDir, base, shas["crashfix/fix-1"] ?? "", { limit: 120 });
    expect(diff.truncated).toBe(true);
    expect(Buffer.byteLength(diff.patch)).toBeLessThanOrEqual(120);
    expect(diff.patch.endsWith("\n")).toBe(true);
    expect(diff.files.map((file) => file.path)).toEqual(["app.ts", "logo.bin", "we<i>rd.txt"]);
    const html = renderChange({ head: "h", base: "main", headMissing: false, diff }, 120);
    expect(html).toContain("The diff is larger than 0 KB; only the first 0 KB is shown");
  });

  it("reads renames, binary files and odd names from git's NUL-separated numstat", () => {
    expect(parseNumstat("1\t2\ta\tb.txt\0-\t-\tlogo.bin\0" + "3\t0\t\0old.ts\0new.ts\0")).toEqual([
      { path: "a\tb.txt", additions: 1, deletions: 2, binary: false },
      { path: "logo.bin", additions: 0, deletions: 0, binary: true },
      { path: "new.ts", from: "old.ts", additions: 3, deletions: 0, binary: false },
    ]);
  });

  it.each([
    ["a branch name", "main", "f".repeat(40)],
    ["an option", "--output=/tmp/x", "f".repeat(40)],
  ])("refuses %s in place of a sha", async (_, base, head) => {
    const gitDir = join(gh.dataDir, "git", "acme", "triage.git");
    await expect(readDiff(gitDir, base, head)).rejects.toMatchObject({ code: "GIT_FAILED" });
  });

  it("draws the counters comment's Mermaid trend as bars and shows other Mermaid as code", async () => {
    const html = await page(`/acme/triage/pull/${pulls["crashfix/fix-1"]}`);
    expect(html.match(/<figure class="chart">/g)).toHaveLength(1);
    expect(html.match(/class="bar"/g)).toHaveLength(7);
    expect(html).toContain("11-25: 5");
    expect(html).toContain("bar [&#x3C;b>]");
  });

  it.skipIf(!CHROMIUM)(
    "renders in headless Chromium without running page text (screenshot in test-artifacts/)",
    async () => {
      const browser = await launchBrowser();
      try {
        const { page: tab, errors } = await openPage(
          browser,
          `${gh.serverUrl}/acme/triage/pull/${pulls["crashfix/fix-1"]}`,
        );
        await expect(tab.locator(".file .path").allTextContents()).resolves.toEqual([
          "app.ts",
          "logo.bin",
          "we<i>rd.txt",
        ]);
        await expect(tab.locator(".ln.add").allTextContents()).resolves.toContain(
          "+<script>window.__pwned=1</script>",
        );
        await expect(tab.locator(".chart .bar").count()).resolves.toBe(7);
        await expect(tab.locator("script").count()).resolves.toBe(0);
        await expect(
          tab.evaluate(() => (globalThis as { __pwned?: number }).__pwned),
        ).resolves.toBeUndefined();
        expect(errors).toEqual([]);
        await screenshot(tab, "local-github-pull-diff");
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
