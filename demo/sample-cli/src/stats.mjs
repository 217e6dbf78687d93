// The arithmetic behind `tally avg`. It carries a real bug on purpose: the
// demo's crash reports point at `mean`, and the scripted agent fixes it.
export class UsageError extends Error {
  name = "UsageError";
}

export function parseNumbers(words) {
  return words.map((word) => {
    const value = Number(word);
    if (!Number.isFinite(value)) throw new UsageError(`not a number: ${word}`);
    return value;
  });
}

export function mean(values) {
  const total = values.reduce((sum, value) => sum + value);
  return total / values.length;
}

export function formatMean(values) {
  return mean(values).toFixed(2);
}
