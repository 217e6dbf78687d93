/** CPU and wall time of one run. */
export interface Timing {
  wallMs: number;
  cpuMs: number;
}

/** CPU milliseconds this process has used, user and system, every thread. */
export function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export async function timeIt(run: () => unknown): Promise<Timing> {
  const wall = performance.now();
  const cpu = cpuNow();
  await run();
  return { wallMs: performance.now() - wall, cpuMs: cpuNow() - cpu };
}

export const fmt = (n: number, digits = 1): string => n.toFixed(digits);

export const pct = (part: number, whole: number, digits = 1): string =>
  `${fmt((100 * part) / Math.max(1, whole), digits)}%`;
