import { fs } from "../node-builtins.js";
import { writeFileAtomic } from "../store/write-file-atomic.js";

const { readFileSync } = fs;

export type FlushState = { failures: number; nextAttemptAt: number };

export function readFlushState(file: string): FlushState {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<FlushState>;
    const failures = Number.isInteger(parsed.failures) ? Number(parsed.failures) : 0;
    const next = Number.isFinite(parsed.nextAttemptAt) ? Number(parsed.nextAttemptAt) : 0;
    return { failures: Math.max(0, failures), nextAttemptAt: next };
  } catch {
    // Missing or damaged state only means "try now".
    return { failures: 0, nextAttemptAt: 0 };
  }
}

export function writeFlushState(file: string, state: FlushState): void {
  writeFileAtomic(file, `${JSON.stringify(state)}\n`);
}

/** Exponential backoff: 1 min, 2, 4 ... capped at 24 h. */
export function backoffMs(failures: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, failures - 1), 24 * 60 * 60 * 1000);
}
