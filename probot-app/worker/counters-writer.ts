import type { CountedReport } from "../../triage/index.js";
import {
  type Counters,
  hasCountersMarker,
  mergeCounters,
  parseCountersComment,
  renderCountersComment,
} from "../../triage/index.js";
import type { Metrics } from "../server/metrics.js";
import { type RepoRef, statusOfError, type TriageOctokit } from "./github-types.js";
import type { TriageMemo } from "./triage-memo.js";

export class CountersCorruptError extends Error {
  readonly code = "COUNTERS_CORRUPT";
  constructor(issueNumber: number) {
    super(
      `the counters comment on triage issue #${issueNumber} has the marker but no valid state; ` +
        "restore its hidden state block (or delete the comment to start from zero) so counting can resume",
    );
    this.name = "CountersCorruptError";
  }
}

export type BatchToApply = { batchId: string; reports: readonly CountedReport[] };

// One counters comment per issue, edited in place with absolute values. Each
// batch carries an id that the comment's state remembers, so replaying a
// batch after a crash or a lost answer changes nothing.
// By default one instance writes a triage repo's counters (docs/DESIGN.md section
// 7), so the state it last wrote is the state on GitHub and a flush costs a
// single PATCH. With `rereadBeforeWrite` (several instances), the comment is
// read before every edit; the read is conditional, but GitHub has no
// compare-and-swap for comments, so two instances editing the same comment
// at the same instant can still lose one edit.
export class CountersWriter {
  readonly #repo: RepoRef;
  readonly #metrics: Metrics;
  readonly #rereadBeforeWrite: boolean;
  readonly #memo: TriageMemo | undefined;
  readonly #commentIds = new Map<number, number>();
  readonly #written = new Map<number, Counters>();

  constructor(
    repo: RepoRef,
    metrics: Metrics,
    options: { rereadBeforeWrite?: boolean; memo?: TriageMemo } = {},
  ) {
    this.#repo = repo;
    this.#metrics = metrics;
    this.#rereadBeforeWrite = options.rereadBeforeWrite ?? false;
    this.#memo = options.memo;
  }

  #rememberComment(issueNumber: number, commentId: number): void {
    this.#commentIds.set(issueNumber, commentId);
    this.#memo?.rememberCommentId(issueNumber, commentId);
  }

  #forgetComment(issueNumber: number): void {
    this.#commentIds.delete(issueNumber);
    this.#memo?.forgetCommentId(issueNumber);
  }

  async #findComment(
    octokit: TriageOctokit,
    issueNumber: number,
  ): Promise<{ id: number; body: string } | undefined> {
    const known = this.#commentIds.get(issueNumber) ?? (await this.#memo?.commentId(issueNumber));
    if (known !== undefined) {
      try {
        const { data } = await octokit.request(
          "GET /repos/{owner}/{repo}/issues/comments/{comment_id}",
          { ...this.#repo, comment_id: known },
        );
        return { id: Number(data.id), body: data.body ?? "" };
      } catch (error: unknown) {
        if (statusOfError(error) !== 404) throw error;
        this.#forgetComment(issueNumber);
      }
    }
    const comments = await octokit.paginate(
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
      {
        ...this.#repo,
        issue_number: issueNumber,
        per_page: 100,
      },
    );
    const found = comments.find((comment) => hasCountersMarker(comment.body));
    if (!found) return undefined;
    this.#rememberComment(issueNumber, Number(found.id));
    return { id: Number(found.id), body: found.body ?? "" };
  }

  // Returns the counters now on GitHub. `openedNow`: the flush calling
  // opened the issue, so it has no comments to list yet (only that flush
  // knows: a later one, here or elsewhere, may find one written meanwhile).
  async apply(
    octokit: TriageOctokit,
    issueNumber: number,
    batches: readonly BatchToApply[],
    { openedNow = false }: { openedNow?: boolean } = {},
  ): Promise<Counters> {
    const known = this.#commentIds.get(issueNumber);
    const written = this.#written.get(issueNumber);
    let comment: { id: number; body: string } | undefined;
    let counters: Counters | undefined;
    if (known !== undefined && written && !this.#rereadBeforeWrite) {
      comment = { id: known, body: "" };
      counters = written;
    } else if (!openedNow) {
      comment = await this.#findComment(octokit, issueNumber);
      if (comment) {
        counters = parseCountersComment(comment.body);
        if (!counters) throw new CountersCorruptError(issueNumber);
      }
    }
    const before = counters;
    for (const batch of batches) {
      counters = mergeCounters(counters, batch.reports, { batchId: batch.batchId });
    }
    if (!counters || counters === before) return counters ?? mergeCounters(undefined, []);
    const body = renderCountersComment(counters);
    if (comment) {
      try {
        await octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
          ...this.#repo,
          comment_id: comment.id,
          body,
        });
      } catch (error: unknown) {
        // Unknown outcome: read the comment again before the next edit.
        this.#written.delete(issueNumber);
        if (statusOfError(error) === 404) this.#forgetComment(issueNumber);
        throw error;
      }
      this.#metrics.count("counter_edits");
    } else {
      // Not retried by the retry plugin: a create that GitHub stored but
      // answered with an error would leave two counters comments. The next
      // attempt (a later flush) lists the comments first.
      const { data } = await octokit.request(
        "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
        { ...this.#repo, issue_number: issueNumber, body, request: { retries: 0 } },
      );
      this.#rememberComment(issueNumber, Number(data.id));
      this.#metrics.count("counter_comments_created");
    }
    this.#written.set(issueNumber, counters);
    return counters;
  }
}
