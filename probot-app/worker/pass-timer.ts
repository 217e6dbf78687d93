// Runs a flush pass every interval, never two at once; the next interval
// starts when a pass ends. stop() waits for the pass in progress.
export class PassTimer {
  readonly #intervalMs: number;
  readonly #pass: () => Promise<unknown>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopped = true;

  constructor(intervalMs: number, pass: () => Promise<unknown>) {
    this.#intervalMs = intervalMs;
    this.#pass = pass;
  }

  get running(): boolean {
    return !this.#stopped;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.#pass().finally(() => {
        this.#running = undefined;
        this.#schedule();
      });
    }, this.#intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }
}
