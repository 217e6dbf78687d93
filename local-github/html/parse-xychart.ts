// The subset of Mermaid's xychart-beta (https://mermaid.js.org/syntax/xyChart.html)
// that crashfix's counters comment uses: a title, an x-axis label list, a y-axis
// and one bar series. Anything else returns undefined so the page shows the code.

export type BarChart = {
  title?: string;
  yTitle?: string;
  yMax?: number;
  labels: string[];
  values: number[];
};

const MAX_BARS = 400;

/** `[a, "b, c", 3]` -> ["a", "b, c", "3"]; undefined when the list is malformed. */
export function parseList(text: string): string[] | undefined {
  const inner = /^\[(.*)\]$/s.exec(text.trim())?.[1];
  if (inner === undefined) return undefined;
  if (inner.trim() === "") return [];
  const items: string[] = [];
  const item = /\s*(?:"([^"]*)"|([^",[\]]*?))\s*(,|$)/y;
  // Each item must be followed by a comma and another item, or by the end.
  let more = true;
  while (more) {
    const match = item.exec(inner);
    if (!match || (match[1] === undefined && match[2] === "")) return undefined;
    items.push(match[1] ?? match[2] ?? "");
    more = match[3] === ",";
  }
  if (item.lastIndex < inner.length) return undefined;
  return items;
}

const quoted = (text: string): string | undefined => {
  const trimmed = text.trim();
  const match = /^"([^"]*)"$/.exec(trimmed);
  if (match) return match[1];
  return trimmed && !trimmed.includes('"') ? trimmed : undefined;
};

export function parseXyChart(source: string): BarChart | undefined {
  const lines = source
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("%%"));
  if (lines[0] !== "xychart-beta" && lines[0] !== "xychart") return undefined;
  const chart: Partial<BarChart> = {};
  for (const line of lines.slice(1)) {
    const [, keyword = "", rest = ""] = /^(\S+)\s*(.*)$/s.exec(line) ?? [];
    if (keyword === "title") {
      const title = quoted(rest);
      if (title === undefined || chart.title !== undefined) return undefined;
      chart.title = title;
    } else if (keyword === "x-axis") {
      const list = /^(?:"[^"]*"\s*)?(\[.*\])$/s.exec(rest)?.[1];
      const labels = list === undefined ? undefined : parseList(list);
      if (!labels || chart.labels) return undefined;
      chart.labels = labels;
    } else if (keyword === "y-axis") {
      const match = /^(?:"([^"]*)")?\s*(?:(-?\d+(?:\.\d+)?)\s*-->\s*(\d+(?:\.\d+)?))?$/.exec(rest);
      if (!match) return undefined;
      if (match[1] !== undefined) chart.yTitle = match[1];
      if (match[3] !== undefined) chart.yMax = Number(match[3]);
    } else if (keyword === "bar") {
      const values = parseList(rest)?.map(Number);
      if (!values || chart.values) return undefined;
      if (values.some((value) => !Number.isFinite(value) || value < 0)) return undefined;
      chart.values = values;
    } else {
      return undefined;
    }
  }
  const { labels, values } = chart;
  if (!labels || !values || values.length === 0 || values.length > MAX_BARS) return undefined;
  if (labels.length !== values.length) return undefined;
  return { ...chart, labels, values };
}
