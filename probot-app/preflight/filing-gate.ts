import type { Logger } from "probot";
import type { TriageOctokit } from "../worker/github-types.js";
import type { TriageRepoAccess } from "./check-triage-repo.js";
import { type FlushHealth, healthOf } from "./watch-triage-repo.js";

/**
 * A flush pass found the triage repo in a state no report may be filed in
 * (it is public): the reports stay in the spool. The triage repo check has
 * already said so in the log, with the fix, so a flusher logs nothing more.
 */
export class FilingHeldError extends Error {
  override readonly name = "FilingHeldError";
}

/** What a flusher asks before it files: the triage repo check's last answer, once it has one. */
export type FilingCheck = { settled(): Promise<void>; health(): FlushHealth | undefined };

/**
 * The Octokit a flusher files with, handed out only while the triage repo
 * may take reports. Before the check's first answer it waits for it (the
 * check gives up within its own timeout), so a public repo gets nothing in
 * an instance's first seconds either. Admin routes (promote, forget) do not
 * go through it: forgetting must work whatever the repo's state.
 */
export function gateFiling(
  getOctokit: () => Promise<TriageOctokit>,
  check: () => FilingCheck | undefined,
): () => Promise<TriageOctokit> {
  return async () => {
    const watch = check();
    if (watch !== undefined) {
      await watch.settled();
      const health = watch.health();
      if (health?.ok === false && health.holdsFiling) throw new FilingHeldError(health.reason);
    }
    return getOctokit();
  };
}

/**
 * One triage repo check, made when a flush first has something to file: a
 * scheduled flush (`flush --once`, the serverless flush) has no watch, and
 * most of its runs file nothing. A public repo is said once, in the log.
 */
export function checkBeforeFiling(
  check: () => Promise<TriageRepoAccess>,
  log: Logger,
): FilingCheck {
  let health: FlushHealth | undefined;
  let answer: Promise<void> | undefined;
  return {
    settled() {
      answer ??= check().then((access) => {
        health = healthOf(access);
        if (!access.ok && access.holdsFiling) {
          log.error(`the flush files nothing: ${access.reason}; ${access.fix}`);
        }
      });
      return answer;
    },
    health: () => health,
  };
}
