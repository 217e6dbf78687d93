import { escapeHtml as e } from "./escape-html.js";
import type { BarChart } from "./parse-xychart.js";

const format = (value: number): string => String(Math.round(value * 100) / 100);

/**
 * A bar chart in plain HTML and CSS (the page runs no script): one list item per
 * bar, its height a share of the largest value. Screen readers get "label: value"
 * from each item; the bar itself is decoration. Empty days show no "0" above
 * them, so the days with reports stand out.
 */
export function renderBarChart(chart: BarChart): string {
  const max = Math.max(chart.yMax ?? 0, ...chart.values) || 1;
  const title = chart.title ?? "Chart";
  const bars = chart.values
    .map((value, i) => {
      const label = chart.labels[i] ?? "";
      const height = ((value / max) * 100).toFixed(1);
      return `<li title="${e(label)}: ${format(value)}"><span class="v" aria-hidden="true">${value ? format(value) : ""}</span><span class="bar" style="height:${height}%" aria-hidden="true"></span><span class="x"><span class="sr">${e(label)}: ${format(value)}</span><span aria-hidden="true">${e(label)}</span></span></li>`;
    })
    .join("");
  return `<figure class="chart"><figcaption>${e(title)}${chart.yTitle ? ` <span class="muted">(${e(chart.yTitle)})</span>` : ""}</figcaption><ol class="bars" aria-label="${e(title)}">${bars}</ol></figure>`;
}
