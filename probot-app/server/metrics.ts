// In-process counters for GET /v1/crash/stats and logs. Reasons and rule
// classes only: never a report value.
export class Metrics {
  readonly #counters = new Map<string, number>();
  readonly startedAt = Date.now();

  count(name: string, by = 1): void {
    this.#counters.set(name, (this.#counters.get(name) ?? 0) + by);
  }

  get(name: string): number {
    return this.#counters.get(name) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.#counters].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}
