// A daily trend GitHub renders: Mermaid's xychart-beta inside a ```mermaid
// fence (https://mermaid.js.org/syntax/xyChart.html,
// https://docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/creating-diagrams).

export const TREND_DAYS = 30;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function addDays(day: string, delta: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + delta);
  return date.toISOString().slice(0, 10);
}

const isDay = (day: string): boolean => DAY.test(day) && !Number.isNaN(Date.parse(day));

// The calendar days from `firstDay` (or `days` before `lastDay`, whichever is
// later) to `lastDay`, zero-filled: a crash first seen yesterday gets two
// bars, not 28 empty ones beside them.
export function trendSeries(
  daily: Readonly<Record<string, number>>,
  firstDay: string,
  lastDay: string,
  days = TREND_DAYS,
): { day: string; count: number }[] {
  if (!isDay(lastDay)) return [];
  const earliest = addDays(lastDay, -(days - 1));
  const start = isDay(firstDay) && firstDay > earliest && firstDay <= lastDay ? firstDay : earliest;
  const series: { day: string; count: number }[] = [];
  for (let day = start; day <= lastDay; day = addDays(day, 1)) {
    series.push({ day, count: daily[day] ?? 0 });
  }
  return series;
}

/** The chart, or "" when it would say no more than the table: no days, or a single one. */
export function renderDailyTrend(
  daily: Readonly<Record<string, number>>,
  firstDay: string,
  lastDay: string,
  days = TREND_DAYS,
): string {
  const series = trendSeries(daily, firstDay, lastDay, days);
  if (series.length < 2) return "";
  const max = Math.max(1, ...series.map((point) => point.count));
  // Labels are our own MM-DD strings, never report text.
  const labels = series.map((point) => `"${point.day.slice(5)}"`).join(", ");
  const span = series.length === days ? `, last ${days} days` : "";
  return [
    "```mermaid",
    "xychart-beta",
    `  title "Reports per day (UTC)${span}"`,
    `  x-axis [${labels}]`,
    `  y-axis 0 --> ${max}`,
    `  bar [${series.map((point) => point.count).join(", ")}]`,
    "```",
  ].join("\n");
}
