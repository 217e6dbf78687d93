import type { TriageReport } from "../../triage/index.js";
import {
  CRASHFIX_LABEL,
  fpLabel,
  parseFingerprintMarker,
  renderTriageIssue,
} from "../../triage/index.js";
import type { Metrics } from "../server/metrics.js";
import {
  type IssueSnapshot,
  type RepoRef,
  statusOfError,
  type TriageOctokit,
  toSnapshot,
} from "./github-types.js";
import type { TriageMemo } from "./triage-memo.js";
import type { WindowBudget } from "./window-budget.js";

export type ResolveResult =
  // readAt: when the issue was read from GitHub, if not just now.
  | { kind: "issue"; issue: IssueSnapshot; created?: boolean; readAt?: number }
  // Over the new-issue cap, or waiting for another worker's issue: the
  // reports stay spooled and the next flush tries again.
  | { kind: "deferred" }
  | { kind: "waiting" };

export type ResolverOptions = {
  repo: RepoRef;
  metrics: Metrics;
  // CRASHFIX_MAX_NEW_ISSUES_PER_HOUR, per instance or shared through Redis.
  newIssues: WindowBudget;
  // How long a loser of the label race waits for the winner's issue before
  // it assumes the winner died and creates the issue itself.
  lockWaitMs: number;
  // With Redis: what other instances learned (no lookup for their issues).
  memo?: TriageMemo;
  now?: () => number;
};

// fingerprint -> triage issue: in-process cache, else the shared memo (with
// Redis), else the core REST list by
// the fp: label (never the search API: 30 requests a minute and indexed late,
// docs/DESIGN.md section 4), else create. Creating the fp: label is the lock: the
// 201 winner opens the issue, a 422 loser waits for it.
export class IssueResolver {
  readonly #o: ResolverOptions;
  readonly repo: RepoRef;
  readonly #cache = new Map<string, IssueSnapshot>();
  // Fingerprints whose fp: label we won, and when.
  readonly #lockHeld = new Map<string, number>();
  readonly #now: () => number;
  readonly #waitingSince = new Map<string, number>();

  constructor(options: ResolverOptions) {
    this.#o = options;
    this.repo = options.repo;
    this.#now = options.now ?? Date.now;
  }

  cached(fingerprint: string): IssueSnapshot | undefined {
    return this.#cache.get(fingerprint);
  }

  // Lost the label race and waiting for the winner's issue (no writes due).
  isWaiting(fingerprint: string): boolean {
    return this.#waitingSince.has(fingerprint);
  }

  remember(fingerprint: string, issue: IssueSnapshot): void {
    this.#cache.set(fingerprint, issue);
    this.#o.memo?.rememberIssue(fingerprint, issue, this.#now());
  }

  forget(fingerprint: string): void {
    this.#cache.delete(fingerprint);
    this.#o.memo?.forgetIssue(fingerprint);
  }

  async lookup(octokit: TriageOctokit, fingerprint: string): Promise<IssueSnapshot | undefined> {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/issues", {
      ...this.#o.repo,
      labels: fpLabel(fingerprint),
      state: "all",
      per_page: 100,
      sort: "created",
      direction: "asc",
    });
    // Two fingerprints could share a 16-hex label; the body marker decides.
    // With several issues (a takeover after a lost winner), the oldest wins.
    const matches = data
      .filter((issue) => !issue.pull_request && parseFingerprintMarker(issue.body) === fingerprint)
      .sort((a, b) => a.number - b.number);
    const first = matches[0];
    if (!first) return undefined;
    const issue = toSnapshot(first);
    this.remember(fingerprint, issue);
    this.#waitingSince.delete(fingerprint);
    return issue;
  }

  // Re-reads a known issue (conditional GET: free when unchanged).
  async refresh(
    octokit: TriageOctokit,
    fingerprint: string,
    number: number,
  ): Promise<IssueSnapshot | undefined> {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", {
      ...this.#o.repo,
      issue_number: number,
    });
    if (parseFingerprintMarker(data.body) !== fingerprint) {
      this.forget(fingerprint);
      return undefined;
    }
    const issue = toSnapshot(data);
    this.remember(fingerprint, issue);
    return issue;
  }

  async resolve(
    octokit: TriageOctokit,
    fingerprint: string,
    sample: TriageReport,
  ): Promise<ResolveResult> {
    const cached = this.#cache.get(fingerprint);
    if (cached) return { kind: "issue", issue: cached };
    const shared = await this.#o.memo?.issue(fingerprint);
    if (shared) {
      this.#cache.set(fingerprint, shared.issue);
      return { kind: "issue", issue: shared.issue, readAt: shared.readAt };
    }
    const found = await this.lookup(octokit, fingerprint);
    if (found) return { kind: "issue", issue: found };
    const wonAt = this.#lockHeld.get(fingerprint);
    // A label won long ago whose issue never got created (GitHub kept
    // failing) may have been taken over meanwhile: settle on the oldest.
    let tookOver = wonAt !== undefined && this.#now() >= wonAt + this.#o.lockWaitMs;
    if (wonAt === undefined) {
      const since = this.#waitingSince.get(fingerprint);
      if (since !== undefined) {
        // Lost the label race earlier: the winner's issue is not there yet.
        // Wait (without blocking other fingerprints) until the deadline, then
        // assume the winner died between label and issue and take over. The
        // oldest issue wins if two takers race.
        if (this.#now() < since + this.#o.lockWaitMs) return { kind: "waiting" };
        this.#o.metrics.count("label_lock_takeovers");
        tookOver = true;
      } else {
        if (!(await this.#o.newIssues.tryTake(1))) {
          this.#o.metrics.count("new_issues_deferred");
          return { kind: "deferred" };
        }
        if (!(await this.#createLabel(octokit, fingerprint))) {
          // The winner of the label spends the new issue, not us.
          await this.#o.newIssues.giveBack(1);
          this.#waitingSince.set(fingerprint, this.#now());
          this.#o.metrics.count("label_lock_lost");
          return { kind: "waiting" };
        }
      }
      this.#waitingSince.delete(fingerprint);
      this.#lockHeld.set(fingerprint, this.#now());
    }
    const issue = await this.#createIssue(octokit, fingerprint, sample, tookOver);
    // After a takeover the canonical issue may be an older one with comments.
    return { kind: "issue", issue, created: !tookOver };
  }

  async #createLabel(octokit: TriageOctokit, fingerprint: string): Promise<boolean> {
    try {
      await octokit.request("POST /repos/{owner}/{repo}/labels", {
        ...this.#o.repo,
        name: fpLabel(fingerprint),
        color: "ededed",
        description: "crashfix fingerprint",
      });
      return true;
    } catch (error: unknown) {
      // 422 with code already_exists: another worker holds the lock.
      // https://docs.github.com/en/rest/issues/labels#create-a-label
      if (statusOfError(error) === 422) return false;
      throw error;
    }
  }

  async #createIssue(
    octokit: TriageOctokit,
    fingerprint: string,
    sample: TriageReport,
    tookOver: boolean,
  ): Promise<IssueSnapshot> {
    const rendered = renderTriageIssue({ ...sample, fingerprint });
    // Not retried blindly by the retry plugin: a create that failed after
    // GitHub stored it would open a second issue. The caller retries through
    // resolve(), which looks the issue up first.
    const { data } = await octokit.request("POST /repos/{owner}/{repo}/issues", {
      ...this.#o.repo,
      title: rendered.title,
      body: rendered.body,
      labels: rendered.labels,
      request: { retries: 0 },
    });
    this.#o.metrics.count("issues_created");
    // After a takeover another worker may have created one too: settle on the oldest.
    const created = toSnapshot(data);
    const canonical = tookOver ? ((await this.lookup(octokit, fingerprint)) ?? created) : created;
    if (canonical.number !== data.number)
      await this.#closeDuplicate(octokit, data.number, canonical);
    this.#lockHeld.delete(fingerprint);
    this.remember(fingerprint, canonical);
    return canonical;
  }

  async #closeDuplicate(octokit: TriageOctokit, number: number, canonical: IssueSnapshot) {
    this.#o.metrics.count("duplicate_issues_closed");
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      ...this.#o.repo,
      issue_number: number,
      state: "closed",
      state_reason: "not_planned",
      labels: [CRASHFIX_LABEL],
      body: `Duplicate of #${canonical.number} (two workers raced for this fingerprint).`,
    });
  }
}
