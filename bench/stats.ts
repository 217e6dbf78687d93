// What the benches compute from their samples, and how they read their
// knobs. Twenty lines of order statistics do not warrant a statistics
// package in the dev tree.

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The sample at quantile `q` (0 to 1), nearest rank below. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** ln(n choose k), by summing logs: exact enough for the few hundred samples a bench takes. */
function logChoose(n: number, k: number): number {
  let sum = 0;
  for (let i = 1; i <= k; i += 1) sum += Math.log((n - k + i) / i);
  return sum;
}

/**
 * A confidence interval for the median that assumes no distribution: with
 * the samples sorted, the k-th smallest and k-th largest bound the median
 * with the probability that a fair coin tossed n times lands heads from k
 * to n - k times. The widest such pair is narrowed while that probability
 * stays at least `confidence`. Undefined where too few samples reach it
 * (fewer than 6 for 95%).
 */
export function medianInterval(
  values: readonly number[],
  confidence = 0.95,
): { low: number; high: number } | undefined {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  // Tail mass below k heads, grown one k at a time: P(B < k) for B ~ Bin(n, 1/2).
  let below = 0;
  let k = 0;
  for (;;) {
    const nextBelow = below + Math.exp(logChoose(n, k) - n * Math.LN2);
    // Moving in to ranks k+1 and n-k (1-based) leaves a coverage of 1 - 2 P(B <= k).
    if (1 - 2 * nextBelow < confidence) break;
    below = nextBelow;
    k += 1;
  }
  if (k === 0) return undefined;
  return { low: sorted[k - 1] as number, high: sorted[n - k] as number };
}

/**
 * A bench's knob from the environment: a whole number of at least `min`,
 * or `fallback` when unset. Anything else stops the bench with the knob's
 * name, rather than a run of NaN rounds.
 */
export function knob(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    process.stderr.write(`bench: ${name}=${raw} is not a whole number of at least ${min}\n`);
    process.exit(2);
  }
  return value;
}
