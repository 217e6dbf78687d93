// The bench's tables: the first column left-aligned, the others right.
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("   ")}`;
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

export const cell = (value: number | undefined, digits = 0) =>
  value === undefined ? "-" : value.toLocaleString("en-US", { maximumFractionDigits: digits });
