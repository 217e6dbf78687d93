import { readdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { makeFolder } from "../../cli/store/make-folder.js";
import { ChecksumLogWriter, fsyncDirectory, readChecksumLog } from "./checksum-log.js";

// The durable spool: accepted reports in numbered segment files of
// checksummed lines. A segment is deleted once every report in it has been
// released (counted on GitHub, or dropped as a duplicate); on start every
// remaining segment is read back, so a report answered 202 survives kill -9.

export type SpoolRecord = { id: string; receivedAt: number; report: unknown };
export type SpoolEntry = SpoolRecord & { segment: number };

const SEGMENT = /^segment-(\d{12})\.log$/;
const DEFAULT_SEGMENT_BYTES = 4 * 1024 * 1024;

function segmentName(n: number): string {
  return `segment-${String(n).padStart(12, "0")}.log`;
}

function isSpoolRecord(value: unknown): value is SpoolRecord {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.id === "string" && typeof record.receivedAt === "number";
}

export class SpoolLog {
  readonly dir: string;
  readonly #maxSegmentBytes: number;
  #active: ChecksumLogWriter;
  #activeNo: number;
  #rotating: Promise<void> | undefined;
  readonly #pending = new Map<number, number>();
  #depth = 0;
  damaged = 0;

  private constructor(dir: string, active: ChecksumLogWriter, activeNo: number, max: number) {
    this.dir = dir;
    this.#active = active;
    this.#activeNo = activeNo;
    this.#maxSegmentBytes = max;
  }

  static async open(
    dir: string,
    options: { maxSegmentBytes?: number } = {},
  ): Promise<{ spool: SpoolLog; entries: SpoolEntry[] }> {
    makeFolder(dir, 0o755);
    const numbers = readdirSync(dir)
      .map((name) => SEGMENT.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    const entries: SpoolEntry[] = [];
    const counts = new Map<number, number>();
    let damaged = 0;
    for (const n of numbers) {
      const read = readChecksumLog(join(dir, segmentName(n)));
      damaged += read.damaged;
      let count = 0;
      for (const record of read.records) {
        if (!isSpoolRecord(record)) {
          damaged += 1;
          continue;
        }
        entries.push({ ...record, segment: n });
        count += 1;
      }
      counts.set(n, count);
    }
    // Never append to a segment written before a crash: its tail may be torn.
    const activeNo = (numbers.at(-1) ?? 0) + 1;
    const active = await ChecksumLogWriter.open(join(dir, segmentName(activeNo)));
    fsyncDirectory(dir);
    const spool = new SpoolLog(
      dir,
      active,
      activeNo,
      options.maxSegmentBytes ?? DEFAULT_SEGMENT_BYTES,
    );
    spool.damaged = damaged;
    for (const [n, count] of counts) spool.#pending.set(n, count);
    spool.#depth = entries.length;
    for (const n of numbers) spool.#deleteIfDone(n);
    return { spool, entries };
  }

  get depth(): number {
    return this.#depth;
  }

  get segments(): number {
    return this.#pending.size + (this.#pending.has(this.#activeNo) ? 0 : 1);
  }

  // Resolves once the record is fsync'd; the entry says which segment holds it.
  async append(record: SpoolRecord): Promise<SpoolEntry> {
    if (this.#rotating) await this.#rotating;
    if (this.#active.bytes >= this.#maxSegmentBytes || this.#active.broken) {
      this.#rotating ??= this.#rotate().finally(() => {
        this.#rotating = undefined;
      });
      await this.#rotating;
    }
    const segment = this.#activeNo;
    this.#pending.set(segment, (this.#pending.get(segment) ?? 0) + 1);
    this.#depth += 1;
    try {
      await this.#active.append(record);
    } catch (error: unknown) {
      this.#pending.set(segment, (this.#pending.get(segment) ?? 1) - 1);
      this.#depth -= 1;
      throw error;
    }
    return { ...record, segment };
  }

  async #rotate(): Promise<void> {
    const old = this.#active;
    const oldNo = this.#activeNo;
    const nextNo = oldNo + 1;
    this.#active = await ChecksumLogWriter.open(join(this.dir, segmentName(nextNo)));
    this.#activeNo = nextNo;
    fsyncDirectory(this.dir);
    await old.close();
    this.#deleteIfDone(oldNo);
  }

  // Starts a fresh segment when the active one holds only released entries,
  // so its file can be deleted instead of lingering until it fills up.
  async rotateIfIdle(): Promise<void> {
    if ((this.#pending.get(this.#activeNo) ?? 0) > 0 || this.#active.bytes === 0) return;
    this.#rotating ??= this.#rotate().finally(() => {
      this.#rotating = undefined;
    });
    await this.#rotating;
  }

  // Forgetting on request: the segments holding `drop` must not survive with
  // those lines in them. The active one is rotated away first, the entries of
  // `keep` that share a segment with a dropped one are moved to the new
  // active segment, then the dropped ones are released, so every segment that
  // held one is deleted. Returns `keep` with each entry's new segment.
  async forget(drop: readonly SpoolEntry[], keep: readonly SpoolEntry[]): Promise<SpoolEntry[]> {
    const touched = new Set(drop.map((entry) => entry.segment));
    if (touched.has(this.#activeNo)) {
      this.#rotating ??= this.#rotate().finally(() => {
        this.#rotating = undefined;
      });
      await this.#rotating;
    }
    const kept = await Promise.all(
      keep.map(async (entry) =>
        touched.has(entry.segment) ? ((await this.relocate([entry]))[0] ?? entry) : entry,
      ),
    );
    this.release(drop);
    return kept;
  }

  release(entries: readonly Pick<SpoolEntry, "segment">[]): void {
    const touched = new Set<number>();
    for (const entry of entries) {
      this.#pending.set(entry.segment, (this.#pending.get(entry.segment) ?? 1) - 1);
      this.#depth -= 1;
      touched.add(entry.segment);
    }
    for (const n of touched) this.#deleteIfDone(n);
  }

  // Moves still-pending entries out of older segments into the active one,
  // so those segments can go; returns the entries with their new segment.
  async relocate(entries: readonly SpoolEntry[]): Promise<SpoolEntry[]> {
    const moved = await Promise.all(
      entries.map(async (entry) => {
        if (entry.segment === this.#activeNo) return entry;
        const { segment: _old, ...record } = entry;
        const copy = await this.append(record);
        this.release([entry]);
        return copy;
      }),
    );
    fsyncDirectory(this.dir);
    return moved;
  }

  #deleteIfDone(n: number): void {
    if (n === this.#activeNo || (this.#pending.get(n) ?? 0) > 0) return;
    this.#pending.delete(n);
    try {
      unlinkSync(join(this.dir, segmentName(n)));
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }

  async close(): Promise<void> {
    await this.#rotating;
    await this.#active.close();
  }
}
