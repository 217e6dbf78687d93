import { fromHtml } from "hast-util-from-html";
import { describe, expect, it } from "vitest";
import { parseList, parseXyChart } from "../../local-github/html/parse-xychart.js";
import { renderBarChart } from "../../local-github/html/render-bar-chart.js";
import { renderMarkdown } from "../../local-github/html/render-markdown.js";
import { renderDailyTrend } from "../../triage/trend-chart.js";

const fence = (body: string): string => `\`\`\`mermaid\n${body}\n\`\`\``;

/** The element names of an HTML fragment, as a browser parses it. */
function elementsOf(html: string): string[] {
  const names: string[] = [];
  const walk = (node: { type: string; tagName?: string; children?: unknown[] }) => {
    if (node.type === "element" && node.tagName) names.push(node.tagName);
    for (const child of node.children ?? []) walk(child as typeof node);
  };
  walk(fromHtml(html, { fragment: true }));
  return names;
}

describe("Mermaid xychart bar charts on the page", () => {
  it("parses the daily trend crashfix writes into labels and values", () => {
    const source = renderDailyTrend(
      { "2026-11-24": 3, "2026-11-25": 5 },
      "2026-11-01",
      "2026-11-25",
      3,
    );
    const chart = parseXyChart(source.split("\n").slice(1, -1).join("\n"));
    expect(chart).toEqual({
      title: "Reports per day (UTC), last 3 days",
      yMax: 5,
      labels: ["11-23", "11-24", "11-25"],
      values: [0, 3, 5],
    });
  });

  it("draws one bar per value, heights relative to the largest, with label: value text", () => {
    const html = renderMarkdown(
      fence('xychart-beta\n  title "Per day"\n  x-axis [a, "b, c"]\n  bar [2, 4]'),
    );
    expect(html).toContain('<figure class="chart">');
    expect(html).not.toContain("<pre>");
    expect(html.match(/class="bar"/g)).toHaveLength(2);
    expect(html).toContain('style="height:50.0%"');
    expect(html).toContain('style="height:100.0%"');
    expect(html).toContain("b, c: 4");
  });

  it("escapes titles and labels from the comment", () => {
    const html = renderMarkdown(
      fence(
        'xychart-beta\n  title "<img src=x onerror=alert(1)>"\n  x-axis ["<script>alert(1)</script>"]\n  bar [1]',
      ),
    );
    expect(html).toContain('<figure class="chart">');
    expect(elementsOf(html)).not.toContain("script");
    expect(elementsOf(html)).not.toContain("img");
    expect(html).toContain("&#x3C;script>alert(1)&#x3C;/script>");
    expect(html).toContain("&#x3C;img src=x onerror=alert(1)>");
  });

  it.each([
    ["no xychart header", "graph TD\n  A --> B"],
    ["only the header", "xychart-beta"],
    ["no bar series", 'xychart-beta\n  x-axis ["a"]'],
    ["no x-axis", "xychart-beta\n  bar [1]"],
    ["labels and values of different lengths", 'xychart-beta\n  x-axis ["a", "b"]\n  bar [1]'],
    ["a value that is not a number", 'xychart-beta\n  x-axis ["a"]\n  bar [one]'],
    ["a negative value", 'xychart-beta\n  x-axis ["a"]\n  bar [-1]'],
    ["an unclosed list", 'xychart-beta\n  x-axis ["a"\n  bar [1]'],
    ["an unknown statement", 'xychart-beta\n  x-axis ["a"]\n  bar [1]\n  line [1]'],
    ["two bar series", 'xychart-beta\n  x-axis ["a"]\n  bar [1]\n  bar [2]'],
    ["an unterminated title", 'xychart-beta\n  title "oops\n  x-axis ["a"]\n  bar [1]'],
    ["a malformed y-axis", 'xychart-beta\n  x-axis ["a"]\n  y-axis 0 -> 5\n  bar [1]'],
  ])("falls back to the escaped code block for %s", (_, body) => {
    expect(parseXyChart(body)).toBeUndefined();
    const html = renderMarkdown(fence(`${body}\n<script>x</script>`));
    expect(html).toContain("<pre><code");
    expect(html).not.toContain('class="chart"');
    expect(html).not.toContain("<script>");
  });

  it("leaves other code blocks as code", () => {
    const html = renderMarkdown(fence("xychart-beta").replace("mermaid", "text"));
    expect(html).toContain("<pre><code");
  });

  it.each([
    ["[]", []],
    ['["a", b ,"c d"]', ["a", "b", "c d"]],
    ["[1, 2.5]", ["1", "2.5"]],
    ['["a",]', undefined],
    ["[a, , b]", undefined],
    ['["a" "b"]', undefined],
    ["a, b", undefined],
  ])("parses the list %s", (text, expected) => {
    expect(parseList(text)).toEqual(expected);
  });

  it("keeps the zero-height chart drawable when every value is zero", () => {
    const html = renderBarChart({ labels: ["a"], values: [0] });
    expect(html).toContain('style="height:0.0%"');
    expect(html).toContain("<figcaption>Chart</figcaption>");
  });
});
