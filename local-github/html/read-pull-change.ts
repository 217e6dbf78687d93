import type { GitRepos } from "../git/git-repos.js";
import type { PullDiff } from "../git/read-diff.js";
import { readDiff } from "../git/read-diff.js";
import type { IssueRow, RepoRow } from "../store/rows.js";

/** What the pull request page can show of the change, and why not when it cannot. */
export type PullChange = {
  head: string;
  base: string;
  /** The head branch is gone; the diff (if any) is of the last head commit the pull recorded. */
  headMissing: boolean;
  diff: PullDiff | undefined;
  problem?: string;
};

/**
 * Resolves the pull's branches in its bare repository (the live branch tips,
 * falling back to the shas the pull recorded) and reads the diff between them.
 */
export async function readPullChange(
  git: GitRepos,
  repo: RepoRow,
  pull: IssueRow,
  limit?: number,
): Promise<PullChange> {
  const head = pull.head_ref ?? "";
  const base = pull.base_ref ?? "";
  const liveHead = head ? git.readRef(repo.owner, repo.name, `refs/heads/${head}`) : undefined;
  const liveBase = base ? git.readRef(repo.owner, repo.name, `refs/heads/${base}`) : undefined;
  const headSha = liveHead ?? pull.head_sha ?? "";
  // A closed pull keeps the base it was opened against: once its head is merged
  // into the live base, a diff against that would be empty.
  const baseSha =
    (pull.state === "closed" ? (pull.base_sha ?? liveBase) : (liveBase ?? pull.base_sha)) ?? "";
  const change = { head, base, headMissing: liveHead === undefined };
  if (!headSha || !baseSha) return { ...change, diff: undefined, problem: "no commits recorded" };
  try {
    const diff = await readDiff(git.pathOf(repo.owner, repo.name), baseSha, headSha, {
      ...(limit === undefined ? {} : { limit }),
    });
    return { ...change, diff };
  } catch {
    // Typically the recorded head commit is no longer in the repository.
    return { ...change, diff: undefined, problem: "git could not compute the diff" };
  }
}
