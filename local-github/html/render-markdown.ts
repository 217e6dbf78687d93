import type { Tokens } from "marked";
import { Marked } from "marked";
import { escapeHtml } from "./escape-html.js";
import { parseXyChart } from "./parse-xychart.js";
import { renderBarChart } from "./render-bar-chart.js";

// Issue bodies come from crash reports: attacker-controlled. Raw HTML is never
// passed through (hidden comments are dropped as GitHub hides them, other HTML is
// shown as text), and links keep only http(s), mailto and in-page targets.
const safeHref = (href: string): string | undefined => {
  const trimmed = href.trim();
  if (/^(https?:|mailto:)/i.test(trimmed) || /^[#/]/.test(trimmed)) return trimmed;
  return undefined;
};

const marked = new Marked({ gfm: true, async: false });
marked.use({
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      if (/^\s*<!--[\s\S]*-->\s*$/.test(text)) return "";
      return escapeHtml(text);
    },
    link({ href, title, tokens }: Tokens.Link): string {
      const inner = this.parser.parseInline(tokens);
      const target = safeHref(href);
      if (!target) return inner;
      const titleAttr = title ? ` title="${escapeHtml(title)}"` : "";
      return `<a href="${escapeHtml(target)}"${titleAttr} rel="nofollow noopener">${inner}</a>`;
    },
    // GitHub draws ```mermaid blocks; the counters comment's bar chart is drawn
    // here without script. Other Mermaid falls back to the escaped code block.
    code({ lang, text }: Tokens.Code): string | false {
      if (lang?.trim().toLowerCase() !== "mermaid") return false;
      const chart = parseXyChart(text);
      return chart ? renderBarChart(chart) : false;
    },
    // Images would fetch from anywhere; show their alt text and address instead.
    image({ href, text }: Tokens.Image): string {
      return `<span class="image">[image: ${escapeHtml(text)}] ${escapeHtml(href)}</span>`;
    },
  },
});

export function renderMarkdown(source: string): string {
  return marked.parse(source, { async: false }) as string;
}
