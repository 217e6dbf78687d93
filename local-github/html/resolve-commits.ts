import { spawn } from "node:child_process";

/**
 * Which of `candidates` (abbreviated or full shas) name commits in the bare
 * repository at `gitDir`: one `git cat-file --batch-check` for all of them.
 * Returns short -> full sha; an ambiguous or missing one is left out.
 */
export function resolveCommits(
  gitDir: string,
  candidates: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(candidates)].filter((sha) => /^[0-9a-f]{7,40}$/.test(sha));
  if (unique.length === 0) return Promise.resolve(new Map());
  return new Promise((resolve) => {
    const child = spawn("git", ["cat-file", "--batch-check=%(objectname) %(objecttype)"], {
      cwd: gitDir,
      env: { PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1", HOME: gitDir },
      stdio: ["pipe", "pipe", "ignore"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
    });
    // No repository, or no git: nothing links, the page still renders.
    child.on("error", () => resolve(new Map()));
    child.on("close", () => {
      const found = new Map<string, string>();
      out.split("\n").forEach((line, i) => {
        const [full, type] = line.split(" ");
        const short = unique[i];
        if (short && type === "commit" && full && /^[0-9a-f]{40}$/.test(full))
          found.set(short, full);
      });
      resolve(found);
    });
    child.stdin.end(`${unique.join("\n")}\n`);
  });
}
