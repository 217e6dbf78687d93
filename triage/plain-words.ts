// Numbers and days in the sentences crashfix writes: "1 report", "5 reports",
// "on 2026-12-04", "between 2026-12-01 and 2026-12-04".

/** `count` with its noun: singular for exactly one, else `plural` (default: noun + "s"). */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** When something was seen, as a phrase: one day, or the first and the last. */
export function dayRange(first: string, last: string): string {
  const a = first.slice(0, 10);
  const b = last.slice(0, 10);
  return a === b ? `on ${a}` : `between ${a} and ${b}`;
}
