import { randomUUID } from "node:crypto";
import type { Logger } from "probot";
import type { TriageReport } from "../../triage/index.js";
import { FilingHeldError } from "../preflight/filing-gate.js";
import type { Metrics } from "../server/metrics.js";
import type { Ledger, OpenBatch } from "../spool/ledger.js";
import type { SpoolEntry, SpoolLog } from "../spool/spool-log.js";
import { NEVER, runAbortable, runWithSignal } from "./flush-signal.js";
import { githubFailureFields } from "./github-failure.js";
import type { TriageOctokit } from "./github-types.js";
import { PassTimer } from "./pass-timer.js";
import { type TriageWriter, uniqueById } from "./triage-writer.js";
import type { WindowBudget } from "./window-budget.js";

type Journaled = { batch: OpenBatch; entries: SpoolEntry[] };
type Backoff = { until: number; failures: number };

export type FlushWorkerOptions = {
  spool: SpoolLog;
  ledger: Ledger;
  writer: TriageWriter;
  getOctokit: () => Promise<TriageOctokit>;
  metrics: Metrics;
  log: Logger;
  flushIntervalMs: number;
  maxBatch?: number;
  budget?: WindowBudget;
  now?: () => number;
};

const reportOf = (entry: SpoolEntry) => entry.report as TriageReport;

// Drains the local spool to GitHub: one pass per flush interval; per
// fingerprint, at most one counters edit per pass. A spool entry is released
// only after the counters comment on GitHub includes its batch.
export class FlushWorker {
  readonly #o: FlushWorkerOptions;
  readonly #now: () => number;
  readonly #fresh = new Map<string, Map<string, SpoolEntry[]>>();
  readonly #journaled = new Map<string, Journaled[]>();
  readonly #inBatch = new Set<string>();
  readonly #backoff = new Map<string, Backoff>();
  readonly #flushedAt = new Map<string, number>();
  readonly #timer: PassTimer;
  #pending = 0;

  constructor(options: FlushWorkerOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#timer = new PassTimer(options.flushIntervalMs, (stopping) => this.flushOnce(stopping));
  }

  get pending(): number {
    return this.#pending;
  }

  // Rebuilds the queue after a restart: journaled batches keep their ids so
  // a batch GitHub already has is recognised and not counted twice.
  recover(entries: readonly SpoolEntry[]): void {
    const byId = new Map<string, SpoolEntry[]>();
    for (const entry of entries) byId.set(entry.id, [...(byId.get(entry.id) ?? []), entry]);
    for (const batch of this.#o.ledger.openBatches()) {
      const batchEntries: SpoolEntry[] = [];
      for (const id of batch.ids) {
        const copies = byId.get(id);
        if (!copies) continue;
        byId.delete(id);
        batchEntries.push(...copies);
        this.#inBatch.add(id);
      }
      const list = this.#journaled.get(batch.fingerprint) ?? [];
      list.push({ batch, entries: batchEntries });
      this.#journaled.set(batch.fingerprint, list);
      this.#pending += batchEntries.length;
    }
    for (const copies of byId.values()) for (const entry of copies) this.enqueue(entry);
  }

  // Whether a report id is counted or waiting to be.
  has(id: string): boolean {
    if (this.#o.ledger.isCounted(id) || this.#inBatch.has(id)) return true;
    for (const byId of this.#fresh.values()) if (byId.has(id)) return true;
    return false;
  }

  // False when the entry is a client's retry of a report that is counted or
  // about to be: it is released at once.
  enqueue(entry: SpoolEntry): boolean {
    if (this.#o.ledger.isCounted(entry.id) || this.#inBatch.has(entry.id)) {
      this.#o.spool.release([entry]);
      return false;
    }
    const fingerprint = reportOf(entry).fingerprint;
    const byId = this.#fresh.get(fingerprint) ?? new Map<string, SpoolEntry[]>();
    this.#fresh.set(fingerprint, byId);
    const copies = byId.get(entry.id);
    // A duplicate copy rides along with the first and is released with it.
    if (copies) copies.push(entry);
    else byId.set(entry.id, [entry]);
    this.#pending += 1;
    return copies === undefined;
  }

  // Forgetting on request: the fingerprint's waiting reports leave the
  // worker, the spool (its segment files are rewritten without them) and the
  // ledger. Runs between flush passes, so no batch of it is half-written.
  async forget(fingerprint: string): Promise<{ reports: number; ids: number }> {
    const wasRunning = this.#timer.running;
    await this.stop();
    try {
      const drop = [
        ...(this.#journaled.get(fingerprint) ?? []).flatMap((j) => j.entries),
        ...[...(this.#fresh.get(fingerprint)?.values() ?? [])].flat(),
      ];
      this.#journaled.delete(fingerprint);
      this.#fresh.delete(fingerprint);
      this.#backoff.delete(fingerprint);
      this.#flushedAt.delete(fingerprint);
      for (const entry of drop) this.#inBatch.delete(entry.id);
      this.#pending -= drop.length;
      if (drop.length > 0) {
        const keep = [
          ...[...this.#fresh.values()].flatMap((byId) => [...byId.values()].flat()),
          ...[...this.#journaled.values()].flatMap((list) => list.flatMap((j) => j.entries)),
        ];
        const moved = new Map<SpoolEntry, SpoolEntry>();
        const kept = await this.#o.spool.forget(drop, keep);
        for (const [i, entry] of keep.entries()) moved.set(entry, kept[i] ?? entry);
        const remap = (entries: SpoolEntry[]) => entries.map((e) => moved.get(e) ?? e);
        for (const byId of this.#fresh.values())
          for (const [id, copies] of byId) byId.set(id, remap(copies));
        for (const list of this.#journaled.values())
          for (const j of list) j.entries = remap(j.entries);
      }
      const ids = await this.#o.ledger.forget(fingerprint);
      return { reports: new Set(drop.map((e) => e.id)).size, ids };
    } finally {
      if (wasRunning) this.start();
    }
  }

  start(): void {
    this.#timer.start();
  }

  stop(): Promise<void> {
    return this.#timer.stop();
  }

  // `stopping` (the worker is stopping): the pass ends after the fingerprint
  // in progress; the rest stay spooled for the next pass or the next start.
  async flushOnce(stopping?: AbortSignal): Promise<void> {
    // Longest-waiting fingerprints first, so a spent write budget delays
    // every bug a little rather than starving some.
    const fingerprints = [...new Set([...this.#journaled.keys(), ...this.#fresh.keys()])].sort(
      (a, b) => (this.#flushedAt.get(a) ?? 0) - (this.#flushedAt.get(b) ?? 0),
    );
    if (fingerprints.length === 0) {
      await this.#housekeep();
      return;
    }
    let octokit: TriageOctokit;
    try {
      // Given up when the flusher stops: GitHub out of reach, Octokit's
      // retries of the installation token would hold a shutdown for a minute.
      octokit = await runAbortable(stopping ?? NEVER, () => this.#o.getOctokit());
    } catch (error: unknown) {
      // The triage repo check logged why, once; the reports wait.
      if (error instanceof FilingHeldError) {
        this.#o.metrics.count("flushes_held");
        return;
      }
      this.#o.metrics.count("github_auth_failures");
      this.#o.log.warn(
        githubFailureFields(error),
        "cannot authenticate to GitHub; reports stay spooled",
      );
      return;
    }
    const renewToken = this.#o.writer.tokenRenewalForPass();
    for (const fingerprint of fingerprints) {
      if (stopping?.aborted) break;
      const backoff = this.#backoff.get(fingerprint);
      if (backoff && backoff.until > this.#now()) continue;
      try {
        // After a refusal, a new token (token-renewal.ts); asked before the
        // write budget is taken, as it writes nothing to the triage repo.
        await runAbortable(stopping ?? NEVER, () => renewToken(octokit));
        if (this.#o.budget && !(await this.#o.budget.tryTake(this.#o.writer.costOf(fingerprint)))) {
          this.#o.metrics.count("flushes_deferred_budget");
          continue;
        }
        this.#flushedAt.set(fingerprint, this.#now());
        // A stop aborts its GitHub requests: the batch stays journaled, and
        // the next start finds whether GitHub has it (recover()).
        await runWithSignal(stopping ?? NEVER, () => this.#flushFingerprint(octokit, fingerprint));
        this.#backoff.delete(fingerprint);
      } catch (error: unknown) {
        if (stopping?.aborted) break;
        this.#recordFailure(fingerprint, backoff, error);
      }
    }
    await this.#housekeep();
  }

  #recordFailure(fingerprint: string, backoff: Backoff | undefined, error: unknown): void {
    const failures = (backoff?.failures ?? 0) + 1;
    const wait = Math.min(60_000, this.#o.flushIntervalMs * 2 ** Math.min(failures, 6));
    this.#backoff.set(fingerprint, { until: this.#now() + wait, failures });
    this.#o.writer.failed(fingerprint, error);
  }

  async #flushFingerprint(octokit: TriageOctokit, fingerprint: string): Promise<void> {
    const journaled = this.#journaled.get(fingerprint) ?? [];
    const fresh = this.#fresh.get(fingerprint);
    const sample = journaled.flatMap((j) => j.entries)[0] ?? fresh?.values().next().value?.[0];
    if (!sample) {
      // Journaled batches whose reports are all gone (released as
      // duplicates): nothing to count, close them so the ledger forgets them.
      for (const j of journaled) await this.#o.ledger.done(j.batch.batchId);
      this.#journaled.delete(fingerprint);
      this.#fresh.delete(fingerprint);
      return;
    }
    const issue = await this.#o.writer.issueFor(octokit, fingerprint, reportOf(sample));
    if (!issue) return;
    if (fresh && fresh.size > 0) {
      const take = [...fresh.entries()].slice(0, this.#o.maxBatch ?? 5_000);
      const batch: OpenBatch = {
        batchId: randomUUID(),
        fingerprint,
        ids: take.map(([id]) => id),
      };
      await this.#o.ledger.begin(batch);
      for (const [id] of take) {
        fresh.delete(id);
        this.#inBatch.add(id);
      }
      if (fresh.size === 0) this.#fresh.delete(fingerprint);
      journaled.push({ batch, entries: take.flatMap(([, copies]) => copies) });
      this.#journaled.set(fingerprint, journaled);
    }
    const batches = journaled.map((j) => ({
      batchId: j.batch.batchId,
      reports: uniqueById(j.entries.map((entry) => ({ id: entry.id, report: reportOf(entry) }))),
    }));
    await this.#o.writer.apply(octokit, fingerprint, issue, batches);
    for (const j of journaled) {
      await this.#o.ledger.done(j.batch.batchId);
      this.#o.spool.release(j.entries);
      for (const id of j.batch.ids) this.#inBatch.delete(id);
      this.#pending -= j.entries.length;
      this.#o.metrics.count("reports_counted", j.batch.ids.length);
    }
    this.#journaled.delete(fingerprint);
  }

  async #housekeep(): Promise<void> {
    await this.#o.spool.rotateIfIdle();
    if (!this.#o.ledger.needsCompaction) return;
    // Move pending entries out of old segments first, so no surviving segment
    // holds a counted report whose id the compaction drops.
    for (const [, byId] of this.#fresh) {
      for (const [id, copies] of byId) byId.set(id, await this.#o.spool.relocate(copies));
    }
    for (const [, list] of this.#journaled) {
      for (const j of list) j.entries = await this.#o.spool.relocate(j.entries);
    }
    await this.#o.spool.rotateIfIdle();
    await this.#o.ledger.compact();
  }
}
