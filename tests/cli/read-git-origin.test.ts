import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readGitOriginUrl, repoNameFromUrl } from "../../cli/capture/read-git-origin.js";
import { tempFolder } from "../helpers/temp-folders.js";

// The capture reads the project's `origin` from git's own files (no git
// process in a crashing host): for project_id_hash and for the repo names
// the scrubber takes out. The repositories here are made by real git.
const folder = () => tempFolder("crashfix-git-origin-");

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync(
    "git",
    [
      "-c",
      "user.name=t",
      "-c",
      "user.email=t@example.com",
      "-c",
      "init.defaultBranch=main",
      ...args,
    ],
    { cwd, encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
}

function repoWithOrigin(url: string | undefined): string {
  const repo = folder();
  git(repo, "init", "-q");
  if (url !== undefined) git(repo, "remote", "add", "origin", url);
  return repo;
}

describe("readGitOriginUrl", () => {
  it("reads origin's url from the repository the folder is in, from any depth", () => {
    const repo = repoWithOrigin("git@github.com:acme/app.git");
    git(repo, "remote", "add", "upstream", "https://github.com/other/fork.git");
    const deep = join(repo, "src", "lib");
    mkdirSync(deep, { recursive: true });
    expect(readGitOriginUrl(repo)).toBe("git@github.com:acme/app.git");
    expect(readGitOriginUrl(deep)).toBe("git@github.com:acme/app.git");
  });

  it("finds nothing outside a repository, or in one without an origin", () => {
    expect(readGitOriginUrl(folder())).toBeUndefined();
    expect(readGitOriginUrl(repoWithOrigin(undefined))).toBeUndefined();
  });

  it("follows a worktree's .git file to the main repository's config", () => {
    const repo = repoWithOrigin("https://github.com/acme/app");
    git(repo, "commit", "-q", "--allow-empty", "-m", "first");
    const worktree = join(folder(), "feature");
    git(repo, "worktree", "add", "-q", worktree);
    expect(readGitOriginUrl(worktree)).toBe("https://github.com/acme/app");
  });

  it("follows a submodule's .git file to its own config, not the outer repository's", () => {
    const outer = repoWithOrigin("https://github.com/acme/app.git");
    // What git writes for a submodule: its git folder lives in the outer one.
    const gitDir = join(outer, ".git", "modules", "lib");
    mkdirSync(gitDir, { recursive: true });
    writeFileSync(
      join(gitDir, "config"),
      '[remote "origin"]\n\turl = https://github.com/acme/lib.git\n',
    );
    const checkout = join(outer, "lib");
    mkdirSync(checkout);
    writeFileSync(join(checkout, ".git"), "gitdir: ../.git/modules/lib\n");
    expect(readGitOriginUrl(checkout)).toBe("https://github.com/acme/lib.git");
    expect(readGitOriginUrl(outer)).toBe("https://github.com/acme/app.git");
  });

  it("goes up past a .git that is not a repository: no config, or a file that names no gitdir", () => {
    const repo = repoWithOrigin("git@github.com:acme/app.git");
    const emptyGit = join(repo, "vendored");
    mkdirSync(join(emptyGit, ".git"), { recursive: true });
    const strayFile = join(repo, "stray");
    mkdirSync(strayFile);
    writeFileSync(join(strayFile, ".git"), "not a gitdir line\n");
    expect(readGitOriginUrl(emptyGit)).toBe("git@github.com:acme/app.git");
    expect(readGitOriginUrl(strayFile)).toBe("git@github.com:acme/app.git");
  });
});

describe("repoNameFromUrl", () => {
  it.each([
    ["git@github.com:acme/app.git", "acme/app"],
    ["https://github.com/acme/app", "acme/app"],
    ["https://x-token@github.com/acme/app.git/", "acme/app"],
    ["ssh://git@example.com:2222/acme/my.app.git", "acme/my.app"],
    ["not a url", undefined],
  ])("%s -> %s", (url, name) => {
    expect(repoNameFromUrl(url)).toBe(name);
  });
});
