import type { Logger } from "probot";
import { shortFingerprint, type TriageReport } from "../../triage/index.js";
import type { Metrics } from "../server/metrics.js";
import type { BatchToApply, CountersWriter } from "./counters-writer.js";
import { githubFailureFields } from "./github-failure.js";
import { type IssueSnapshot, statusOfError, type TriageOctokit } from "./github-types.js";
import { installationRefusal } from "./installation-refusal.js";
import type { IssueResolver } from "./issue-resolver.js";
import { reopenIfRegressed } from "./reopen-if-regressed.js";
import { TokenRenewal } from "./token-renewal.js";

export type TriageWriterOptions = {
  resolver: IssueResolver;
  counters: CountersWriter;
  metrics: Metrics;
  log: Logger;
  // Refresh a cached issue's state (a human may have closed it as fixed) at
  // most this often; the read is conditional, so an unchanged issue is free.
  issueRefreshMs?: number;
  now?: () => number;
};

// The issue a flush writes to; `openedNow` when this flush opened it. Never
// cached: a later flush must not take the issue for one without comments.
export type FlushIssue = IssueSnapshot & { openedNow?: true };

// The GitHub side of a flush, shared by the local worker and the Redis
// stream flusher: find or open the fingerprint's triage issue, then add
// batches to its counters comment (each batch once, by its id).
export class TriageWriter {
  readonly #o: TriageWriterOptions;
  readonly #now: () => number;
  readonly #refreshedAt = new Map<string, number>();
  // The refusal of the App's installation last logged, until a flush files again.
  #refusal: string | undefined;
  readonly #tokens = new TokenRenewal();

  constructor(options: TriageWriterOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  // What a flush pass calls before each fingerprint's flush: after GitHub
  // refused the App's installation in an earlier pass, one new installation
  // token before the pass's first flush (token-renewal.ts).
  tokenRenewalForPass(): (octokit: TriageOctokit) => Promise<void> {
    return this.#tokens.forPass();
  }

  // Writes a flush of this fingerprint may take from the write budget: a new
  // issue costs label + issue + comment, a known one one edit, waiting for
  // another worker's issue only a read.
  costOf(fingerprint: string): number {
    const resolver = this.#o.resolver;
    return resolver.cached(fingerprint) ? 1 : resolver.isWaiting(fingerprint) ? 0 : 3;
  }

  // The fingerprint's issue, re-read when the cached copy is old; undefined
  // while there is none to count on yet (over the new-issue cap, or another
  // worker is opening it): the reports then stay spooled.
  async issueFor(
    octokit: TriageOctokit,
    fingerprint: string,
    sample: TriageReport,
  ): Promise<FlushIssue | undefined> {
    const { resolver } = this.#o;
    const wasCached = resolver.cached(fingerprint) !== undefined;
    const resolved = await resolver.resolve(octokit, fingerprint, sample);
    if (resolved.kind !== "issue") return undefined;
    // Just looked up or created (or read by another instance at readAt):
    // fresh, no need to read it again now.
    if (!wasCached) this.#refreshedAt.set(fingerprint, resolved.readAt ?? this.#now());
    if (resolved.created) return { ...resolved.issue, openedNow: true };
    const age = this.#now() - (this.#refreshedAt.get(fingerprint) ?? 0);
    if (age <= (this.#o.issueRefreshMs ?? 60_000)) return resolved.issue;
    const issue = await resolver.refresh(octokit, fingerprint, resolved.issue.number);
    this.#refreshedAt.set(fingerprint, this.#now());
    return issue ?? resolved.issue;
  }

  // Reopens a fixed issue that a newer version reports again, then applies
  // the batches to the counters comment.
  async apply(
    octokit: TriageOctokit,
    fingerprint: string,
    issue: FlushIssue,
    batches: readonly BatchToApply[],
  ): Promise<void> {
    const reports = batches.flatMap((batch) => batch.reports);
    const { resolver, counters, metrics } = this.#o;
    if (await reopenIfRegressed(octokit, resolver, fingerprint, issue, reports)) {
      metrics.count("regressions_reopened");
    }
    await counters.apply(octokit, issue.number, batches, { openedNow: issue.openedNow === true });
    if (this.#refusal !== undefined) {
      this.#o.log.info("flush files again: GitHub accepts the App's installation");
      this.#refusal = undefined;
    }
  }

  // A flush that failed leaves its reports spooled; an issue GitHub no
  // longer has is looked up afresh next time.
  failed(fingerprint: string, error: unknown): void {
    this.#o.metrics.count("flush_failures");
    const status = statusOfError(error);
    if (status === 404 || status === 410) this.#o.resolver.forget(fingerprint);
    const fields = { ...githubFailureFields(error), fingerprint: shortFingerprint(fingerprint) };
    // The installation's refusal is the same for every fingerprint and every
    // pass until someone fixes it: said once, with the fix.
    const refusal = installationRefusal(error);
    if (refusal) {
      this.#tokens.refused();
      const said = `flush failed: ${refusal.why} (GitHub: ${refusal.github}); ${refusal.fix}; reports stay spooled and are retried until then`;
      if (said !== this.#refusal) this.#o.log.warn(fields, said);
      this.#refusal = said;
      return;
    }
    this.#o.log.warn(fields, "flush failed; reports stay spooled and are retried");
  }
}

// One copy of each report id; a retried copy rides along with the first.
export function uniqueById<T>(items: readonly { id: string; report: T }[]): T[] {
  const seen = new Set<string>();
  const reports: T[] = [];
  for (const item of items) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    reports.push(item.report);
  }
  return reports;
}
