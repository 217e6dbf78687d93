import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { type PullDiff, readDiff } from "../git/read-diff.js";

const run = promisify(execFile);

export type CommitView = {
  sha: string;
  parent?: string;
  author: string;
  date: string;
  message: string;
  diff?: PullDiff;
};

/** A commit of the bare repository at `gitDir`, with its change against its first parent. */
export async function readCommit(
  gitDir: string,
  sha: string,
  limit: number,
): Promise<CommitView | undefined> {
  if (!/^[0-9a-f]{40}$/.test(sha)) return undefined;
  let out: string;
  try {
    ({ stdout: out } = await run(
      "git",
      ["log", "-1", "--format=%P%x00%an%x00%aI%x00%B", sha, "--"],
      {
        cwd: gitDir,
        env: { PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1", HOME: gitDir },
        maxBuffer: 1024 * 1024,
      },
    ));
  } catch {
    return undefined;
  }
  const [parents = "", author = "", date = "", message = ""] = out.split("\0");
  const parent = parents.split(" ")[0] || undefined;
  const view: CommitView = { sha, author, date, message: message.trim() };
  if (parent) {
    view.parent = parent;
    const diff = await readDiff(gitDir, parent, sha, { limit }).catch(() => undefined);
    if (diff) view.diff = diff;
  }
  return view;
}
