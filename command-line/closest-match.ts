// "Did you mean" for command lines: the candidate closest to what was typed,
// by edit distance (insertions, deletions, substitutions and swaps of two
// neighbours, each costing 1). Written here rather than taken from a package
// because the client bin, which has no runtime dependencies, needs the same
// answer; over a dozen short option names the plain dynamic programme is
// instant.

/** Optimal string alignment distance between `a` and `b`. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i += 1) {
    const row = d[i] as number[];
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidate nearest to `typed`, or undefined when none is near enough to
 * be a plausible typo (at most a third of the longer name, and at least 1
 * edit, may differ; leading dashes do not count). A candidate that starts with what was typed wins, so
 * `--ingest` suggests `--ingest-port`.
 */
export function closestMatch(typed: string, candidates: readonly string[]): string | undefined {
  // Leading dashes are the same in every option: compare the names.
  const bare = (text: string): string => text.replace(/^-+/, "").toLowerCase();
  const needle = bare(typed);
  if (needle === "") return undefined;
  const prefixed = candidates.filter((candidate) => bare(candidate).startsWith(needle));
  if (prefixed.length === 1) return prefixed[0];
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const name = bare(candidate);
    const distance = editDistance(needle, name);
    const allowed = Math.max(1, Math.floor(Math.max(needle.length, name.length) / 3));
    if (distance <= allowed && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}
