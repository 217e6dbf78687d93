// A daily trend GitHub renders: Mermaid's xychart-beta inside a ```mermaid
// fence (https://mermaid.js.org/syntax/xyChart.html,
// https://docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/creating-diagrams).

export const TREND_DAYS = 30;

function addDays(day: string, delta: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + delta);
  return date.toISOString().slice(0, 10);
}

// The last `days` calendar days ending at `lastDay`, zero-filled.
export function trendSeries(
  daily: Readonly<Record<string, number>>,
  lastDay: string,
  days = TREND_DAYS,
): { day: string; count: number }[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(lastDay) || Number.isNaN(Date.parse(lastDay))) return [];
  const series: { day: string; count: number }[] = [];
  for (let offset = days - 1; offset >= 0; offset -= 1) {
    const day = addDays(lastDay, -offset);
    series.push({ day, count: daily[day] ?? 0 });
  }
  return series;
}

export function renderDailyTrend(
  daily: Readonly<Record<string, number>>,
  lastDay: string,
  days = TREND_DAYS,
): string {
  const series = trendSeries(daily, lastDay, days);
  if (series.length === 0) return "";
  const max = Math.max(1, ...series.map((point) => point.count));
  // Labels are our own MM-DD strings, never report text.
  const labels = series.map((point) => `"${point.day.slice(5)}"`).join(", ");
  return [
    "```mermaid",
    "xychart-beta",
    `  title "Reports per day (UTC), last ${days} days"`,
    `  x-axis [${labels}]`,
    `  y-axis "Reports" 0 --> ${max}`,
    `  bar [${series.map((point) => point.count).join(", ")}]`,
    "```",
  ].join("\n");
}
