/** Counters for tests and benchmarks: what was asked, what was written, what was refused. */
export type StatsSnapshot = {
  requests: Record<string, number>;
  statuses: Record<string, number>;
  writes: number;
  limitHits: { primary: number; secondary: number };
  faultsInjected: number;
  webhooks: { delivered: number; failed: number };
};

export class Stats {
  private readonly requests = new Map<string, number>();
  private readonly statuses = new Map<string, number>();
  writes = 0;

  countRequest(key: string): void {
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  countStatus(status: number): void {
    const key = String(status);
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
  }

  snapshot(
    limitHits: { primary: number; secondary: number },
    faultsInjected: number,
    webhooks: { delivered: number; failed: number },
  ): StatsSnapshot {
    return {
      webhooks: { ...webhooks },
      requests: Object.fromEntries(this.requests),
      statuses: Object.fromEntries(this.statuses),
      writes: this.writes,
      limitHits: { ...limitHits },
      faultsInjected,
    };
  }
}
