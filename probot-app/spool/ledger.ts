import { renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ChecksumLogWriter, fsyncDirectory, readChecksumLog } from "./checksum-log.js";

// The worker's durable memory, next to the spool:
// - which report ids are already counted on GitHub (a bounded record of the
//   most recent ones: a client retrying a report is not a second occurrence);
// - which batches were begun but not confirmed. A batch is journaled before
//   its counters are written; after a crash, the same batch id is replayed,
//   and the counters comment's appliedBatches tells whether GitHub already
//   has it. Together these make counting exactly-once.
// Counted ids keep their fingerprint, so a fingerprint can be forgotten
// (ids counted by a version that did not record it have none).

type BeginRecord = { k: "b"; b: string; f: string; ids: string[] };
type DoneRecord = { k: "d"; b: string };
type CountedRecord = { k: "c"; f?: string; ids: string[] };
type LedgerRecord = BeginRecord | DoneRecord | CountedRecord;

export type OpenBatch = { batchId: string; fingerprint: string; ids: string[] };

const FILE = "ledger.log";
const CHUNK = 5_000;

function isLedgerRecord(value: unknown): value is LedgerRecord {
  if (typeof value !== "object" || value === null) return false;
  const k = (value as { k?: unknown }).k;
  return k === "b" || k === "d" || k === "c";
}

export class Ledger {
  readonly #dir: string;
  readonly #maxIds: number;
  #writer: ChecksumLogWriter;
  // id -> fingerprint. Insertion-ordered, so the oldest ids are dropped
  // first when trimming.
  readonly #counted = new Map<string, string>();
  readonly #open = new Map<string, OpenBatch>();
  #linesSinceCompact = 0;

  private constructor(dir: string, writer: ChecksumLogWriter, maxIds: number) {
    this.#dir = dir;
    this.#writer = writer;
    this.#maxIds = maxIds;
  }

  static async open(dir: string, options: { maxIds?: number } = {}): Promise<Ledger> {
    const path = join(dir, FILE);
    const { records } = readChecksumLog(path);
    const ledger = new Ledger(dir, await ChecksumLogWriter.open(path), options.maxIds ?? 500_000);
    for (const record of records) {
      if (!isLedgerRecord(record)) continue;
      ledger.#apply(record);
      ledger.#linesSinceCompact += 1;
    }
    return ledger;
  }

  #apply(record: LedgerRecord): void {
    if (record.k === "b") {
      this.#open.set(record.b, { batchId: record.b, fingerprint: record.f, ids: record.ids });
    } else if (record.k === "d") {
      const batch = this.#open.get(record.b);
      if (batch) for (const id of batch.ids) this.#counted.set(id, batch.fingerprint);
      this.#open.delete(record.b);
    } else {
      for (const id of record.ids) this.#counted.set(id, record.f ?? "");
    }
  }

  isCounted(id: string): boolean {
    return this.#counted.has(id);
  }

  get countedSize(): number {
    return this.#counted.size;
  }

  openBatches(): OpenBatch[] {
    return [...this.#open.values()];
  }

  async begin(batch: OpenBatch): Promise<void> {
    const record: BeginRecord = { k: "b", b: batch.batchId, f: batch.fingerprint, ids: batch.ids };
    await this.#writer.append(record);
    this.#apply(record);
    this.#linesSinceCompact += 1;
  }

  async done(batchId: string): Promise<void> {
    const record: DoneRecord = { k: "d", b: batchId };
    await this.#writer.append(record);
    this.#apply(record);
    this.#linesSinceCompact += 1;
  }

  get needsCompaction(): boolean {
    return this.#counted.size > this.#maxIds || this.#linesSinceCompact > 50_000;
  }

  // Forgetting on request: the fingerprint's counted ids and open batches
  // are dropped and the file is rewritten, so no line names the fingerprint.
  // Returns how many ids were dropped.
  async forget(fingerprint: string): Promise<number> {
    const ids = new Set<string>();
    for (const [id, recorded] of this.#counted) if (recorded === fingerprint) ids.add(id);
    for (const [batchId, batch] of this.#open) {
      if (batch.fingerprint !== fingerprint) continue;
      for (const id of batch.ids) ids.add(id);
      this.#open.delete(batchId);
    }
    for (const id of ids) this.#counted.delete(id);
    await this.compact(this.#counted.size);
    return ids.size;
  }

  // Rewrites the file with the most recent `keepIds` counted ids (maxIds/2 by
  // default) and the open batches (write, fsync, rename). The caller first
  // moves pending spool entries out of old segments, so no surviving segment
  // holds a counted report whose id is dropped here.
  async compact(keepIds = Math.floor(this.#maxIds / 2)): Promise<void> {
    const keep = keepIds > 0 ? [...this.#counted].slice(-keepIds) : [];
    const path = join(this.#dir, FILE);
    const temporary = `${path}.compact`;
    rmSync(temporary, { force: true });
    const writer = await ChecksumLogWriter.open(temporary);
    const writes: Promise<void>[] = [];
    // Runs of one fingerprint, in order, at most CHUNK ids a line.
    let run: CountedRecord | undefined;
    for (const [id, fingerprint] of keep) {
      if (run?.f !== fingerprint || run.ids.length >= CHUNK) {
        if (run) writes.push(writer.append(run));
        run = { k: "c", f: fingerprint, ids: [] };
      }
      run.ids.push(id);
    }
    if (run) writes.push(writer.append(run));
    for (const batch of this.#open.values()) {
      writes.push(
        writer.append({ k: "b", b: batch.batchId, f: batch.fingerprint, ids: batch.ids }),
      );
    }
    await Promise.all(writes);
    await writer.close();
    await this.#writer.close();
    renameSync(temporary, path);
    fsyncDirectory(this.#dir);
    this.#writer = await ChecksumLogWriter.open(path);
    this.#counted.clear();
    for (const [id, fingerprint] of keep) this.#counted.set(id, fingerprint);
    this.#linesSinceCompact = writes.length;
  }

  async close(): Promise<void> {
    await this.#writer.close();
  }
}
