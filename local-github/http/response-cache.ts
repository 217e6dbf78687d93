import type { Db } from "../store/open-store.js";

export type CachedReply = {
  status: number;
  text: string;
  etag: string;
  headers: Record<string, string>;
};

const MAX_ENTRIES = 2000;

/**
 * Rendered GET answers of issue, label, comment and repository routes, reused
 * until anything is written. Local writes bump a counter (every non-GET API
 * request, every push, every new repository); writes by another server on the
 * same data dir show up in SQLite's `PRAGMA data_version`
 * (https://sqlite.org/pragma.html#pragma_data_version). A crash storm asks for
 * the same fingerprint label many times between two writes.
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedReply & { generation: string }>();
  private localWrites = 0;
  private readonly dataVersion: () => number;

  constructor(
    db: Db,
    private readonly enabled: boolean,
  ) {
    const statement = db.prepare<[], { data_version: number }>("PRAGMA data_version");
    this.dataVersion = () => statement.get()?.data_version ?? 0;
  }

  private generation(): string {
    return `${this.localWrites}:${this.dataVersion()}`;
  }

  get(key: string): CachedReply | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.generation !== this.generation()) {
      this.entries.clear();
      return undefined;
    }
    return entry;
  }

  set(key: string, reply: CachedReply): void {
    if (!this.enabled) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { ...reply, generation: this.generation() });
  }

  invalidate(): void {
    this.localWrites += 1;
  }
}
