import type { StackFile } from "../local-stack/stack-file.js";

/** How many reports the ingest has accepted since it started (GET /v1/crash/stats). */
export async function acceptedReports(stack: StackFile): Promise<number> {
  const answer = await fetch(`${stack.ingestUrl}/v1/crash/stats`, {
    headers: { authorization: `Bearer ${stack.adminToken}` },
  });
  if (!answer.ok) throw new Error(`the ingest's stats answered ${answer.status}`);
  const stats = (await answer.json()) as { counters?: Record<string, number> };
  return stats.counters?.accepted ?? 0;
}

/**
 * Waits until the ingest has seen no new report for `quietMs` (a host's
 * background flush runs after the host has exited), at most `maxMs`; returns
 * how many arrived since `before`.
 */
export async function reportsArrivedSince(
  stack: StackFile,
  before: number,
  { quietMs = 600, maxMs = 4_000 } = {},
): Promise<number> {
  const started = Date.now();
  let last = await acceptedReports(stack);
  let changedAt = Date.now();
  while (Date.now() - changedAt < quietMs && Date.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const now = await acceptedReports(stack);
    if (now !== last) {
      last = now;
      changedAt = Date.now();
    }
  }
  return last - before;
}
