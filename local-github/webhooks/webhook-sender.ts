import { createHmac, randomUUID } from "node:crypto";

export type WebhookStats = { delivered: number; failed: number };

// Deliveries as GitHub makes them: a signed JSON POST per event, in order, no
// automatic retry (https://docs.github.com/webhooks/using-webhooks/best-practices-for-using-webhooks).
const TIMEOUT_MS = 10_000;

export class WebhookSender {
  private url: string | undefined;
  private queue: Promise<void> = Promise.resolve();
  readonly stats: WebhookStats = { delivered: 0, failed: 0 };

  constructor(
    private readonly secret: string,
    private readonly appId: number,
    private readonly fetchImpl: typeof fetch = globalThis.fetch,
  ) {}

  setUrl(url: string | undefined): void {
    this.url = url;
  }

  get active(): boolean {
    return this.url !== undefined;
  }

  /** Queues one delivery; returns at once (the API answer never waits for a webhook). */
  send(event: string, payload: Record<string, unknown>): void {
    const url = this.url;
    if (!url) return;
    const body = JSON.stringify(payload);
    const headers = {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/crashfix-local",
      "x-github-event": event,
      "x-github-delivery": randomUUID(),
      "x-github-hook-id": String(this.appId),
      "x-github-hook-installation-target-type": "integration",
      "x-github-hook-installation-target-id": String(this.appId),
      // https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries
      "x-hub-signature-256": `sha256=${createHmac("sha256", this.secret).update(body).digest("hex")}`,
    };
    this.queue = this.queue.then(async () => {
      try {
        const response = await this.fetchImpl(url, {
          method: "POST",
          headers,
          body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        await response.arrayBuffer();
        if (response.ok) this.stats.delivered += 1;
        else this.stats.failed += 1;
      } catch {
        this.stats.failed += 1;
      }
    });
  }

  /** Resolves when every queued delivery has been attempted. */
  idle(): Promise<void> {
    return this.queue;
  }
}
