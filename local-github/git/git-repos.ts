import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { makeFolder } from "../../cli/store/make-folder.js";
import { LocalGitHubError } from "../errors.js";

const run = promisify(execFile);

export type GitRepos = ReturnType<typeof createGitRepos>;

/** Bare repositories under `<dataDir>/git/<owner>/<name>.git` (lower-cased, as URLs are case-insensitive). */
export function createGitRepos(dataRoot: string, gitBinary = "git") {
  // git runs in other folders than the caller's: a relative root would be read from there.
  const root = resolve(dataRoot);
  const pathOf = (owner: string, name: string): string =>
    join(root, owner.toLowerCase(), `${name.toLowerCase()}.git`);

  const git = async (cwd: string, args: string[]): Promise<string> => {
    try {
      const { stdout } = await run(gitBinary, args, {
        cwd,
        env: { PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1", HOME: root },
      });
      return stdout;
    } catch (error: unknown) {
      throw new LocalGitHubError("GIT_FAILED", `git ${args.join(" ")} failed in ${cwd}`, {
        cause: error,
      });
    }
  };

  return {
    root,
    pathOf,
    async init(owner: string, name: string, defaultBranch: string): Promise<void> {
      const path = pathOf(owner, name);
      if (existsSync(join(path, "HEAD"))) return;
      makeFolder(root, 0o755);
      await git(root, ["init", "--quiet", "--bare", `--initial-branch=${defaultBranch}`, path]);
      // Let `git push` over smart HTTP write (git-http-backend refuses by default).
      await git(path, ["config", "http.receivepack", "true"]);
    },
    /**
     * The object a ref points at, read from the loose ref file or packed-refs
     * without spawning git (the pulls API reads it on every request).
     */
    readRef(owner: string, name: string, ref: string): string | undefined {
      const path = pathOf(owner, name);
      if (!isSafeRef(ref)) return undefined;
      try {
        const loose = readFileSync(join(path, ref), "utf8").trim();
        if (/^[0-9a-f]{40}$/.test(loose)) return loose;
      } catch {
        // not a loose ref: try packed-refs
      }
      try {
        for (const line of readFileSync(join(path, "packed-refs"), "utf8").split("\n")) {
          const [sha, name] = line.split(" ");
          if (name === ref && sha && /^[0-9a-f]{40}$/.test(sha)) return sha;
        }
      } catch {
        // no packed refs
      }
      return undefined;
    },
    /** Creates `ref` at `sha` only if absent; git's ref lock makes this atomic. */
    async createRef(
      owner: string,
      name: string,
      ref: string,
      sha: string,
    ): Promise<"created" | "exists" | "bad-object"> {
      const path = pathOf(owner, name);
      const type = await run(gitBinary, ["cat-file", "-t", sha], { cwd: path }).then(
        (result) => result.stdout.trim(),
        () => "",
      );
      if (type !== "commit") return "bad-object";
      const zero = "0".repeat(40);
      try {
        await run(gitBinary, ["update-ref", ref, sha, zero], { cwd: path });
        return "created";
      } catch {
        return "exists";
      }
    },
    async updateRef(owner: string, name: string, ref: string, sha: string): Promise<boolean> {
      try {
        await run(gitBinary, ["update-ref", ref, sha], { cwd: pathOf(owner, name) });
        return true;
      } catch {
        return false;
      }
    },
    async deleteRef(owner: string, name: string, ref: string): Promise<boolean> {
      const current = this.readRef(owner, name, ref);
      if (!current) return false;
      try {
        await run(gitBinary, ["update-ref", "-d", ref, current], { cwd: pathOf(owner, name) });
        return true;
      } catch {
        return false;
      }
    },
    /** Refs whose names start with `prefix`, as [name, sha] pairs. */
    async listRefs(owner: string, name: string, prefix: string): Promise<Array<[string, string]>> {
      const out = await git(pathOf(owner, name), [
        "for-each-ref",
        "--format=%(refname) %(objectname)",
      ]);
      return out
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split(" ") as [string, string])
        .filter(([ref]) => ref.startsWith(prefix));
    },
    /** Commits and line counts of `head` over the merge base with `base`. */
    async diffStats(owner: string, name: string, base: string, head: string) {
      const cwd = pathOf(owner, name);
      const count = await git(cwd, ["rev-list", "--count", `${base}..${head}`]);
      const short = await git(cwd, ["diff", "--shortstat", `${base}...${head}`]);
      const number = (pattern: RegExp) => Number(pattern.exec(short)?.[1] ?? 0);
      return {
        commits: Number(count.trim()) || 0,
        changed_files: number(/(\d+) files? changed/),
        additions: number(/(\d+) insertions?/),
        deletions: number(/(\d+) deletions?/),
      };
    },
    async isAncestor(
      owner: string,
      name: string,
      ancestor: string,
      descendant: string,
    ): Promise<boolean> {
      try {
        await run(gitBinary, ["merge-base", "--is-ancestor", ancestor, descendant], {
          cwd: pathOf(owner, name),
        });
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** A ref name git would accept, and no path tricks (`..`, absolute, control characters). */
export function isSafeRef(ref: string): boolean {
  return (
    /^refs\/(heads|tags)\/[A-Za-z0-9._/-]+$/.test(ref) &&
    !ref.includes("..") &&
    !ref.includes("//") &&
    !ref.endsWith("/") &&
    !ref.endsWith(".lock") &&
    !ref.endsWith(".")
  );
}
