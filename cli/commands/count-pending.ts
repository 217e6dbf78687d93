import { outboxNames } from "../report-store.js";
import type { CrashfixPaths } from "../resolve-paths.js";

export function countPending(paths: CrashfixPaths): number {
  return outboxNames(paths).length;
}
