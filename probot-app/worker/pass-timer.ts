// Runs a flush pass every interval, never two at once; the next interval
// starts when a pass ends. stop() waits for the pass in progress, and tells
// it to stop at its next safe point (between fingerprints) through the
// signal each pass gets: a pass over many new fingerprints, paced as GitHub
// asks, takes about a minute, longer than an orchestrator waits after SIGTERM.
export class PassTimer {
  readonly #intervalMs: number;
  readonly #pass: (stopping: AbortSignal) => Promise<unknown>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopping = new AbortController();
  #stopped = true;

  constructor(intervalMs: number, pass: (stopping: AbortSignal) => Promise<unknown>) {
    this.#intervalMs = intervalMs;
    this.#pass = pass;
  }

  get running(): boolean {
    return !this.#stopped;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#stopping = new AbortController();
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped) return;
    const { signal } = this.#stopping;
    this.#timer = setTimeout(() => {
      this.#running = this.#pass(signal).finally(() => {
        this.#running = undefined;
        this.#schedule();
      });
    }, this.#intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#stopping.abort();
    await this.#running;
  }
}
