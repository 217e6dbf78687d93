// GitHub allows about 80 content-creating requests a minute and 500 an hour
// per App installation; edits count too
// (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits).
// The worker spends that budget deliberately: when it is used up, counter
// edits wait (their reports stay spooled and land later in one edit), rather
// than hammering GitHub into secondary-limit answers.
export class WriteBudget {
  readonly #perMinute: number;
  readonly #perHour: number;
  readonly #now: () => number;
  readonly #spent: number[] = [];

  constructor(options: { perMinute: number; perHour: number; now?: () => number }) {
    this.#perMinute = options.perMinute;
    this.#perHour = options.perHour;
    this.#now = options.now ?? Date.now;
  }

  #prune(now: number): void {
    while (this.#spent.length > 0 && (this.#spent[0] ?? 0) <= now - 3_600_000) this.#spent.shift();
  }

  // Takes `cost` writes if both windows allow them.
  tryTake(cost: number): boolean {
    const now = this.#now();
    this.#prune(now);
    const lastMinute = this.#spent.filter((at) => at > now - 60_000).length;
    if (lastMinute + cost > this.#perMinute || this.#spent.length + cost > this.#perHour) {
      return false;
    }
    for (let i = 0; i < cost; i += 1) this.#spent.push(now);
    return true;
  }

  get spentLastHour(): number {
    this.#prune(this.#now());
    return this.#spent.length;
  }
}
