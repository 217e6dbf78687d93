import type { Element, ElementContent, Root, RootContent } from "hast";
import { fromHtml } from "hast-util-from-html";
import { defaultSchema, sanitize } from "hast-util-sanitize";
import { toHtml } from "hast-util-to-html";
import { Marked } from "marked";
import { type AutolinkTargets, autolinkText } from "./autolink.js";
import { parseXyChart } from "./parse-xychart.js";
import { renderBarChart } from "./render-bar-chart.js";

// Issue bodies come from crash reports: attacker-controlled. The Markdown is
// rendered as GitHub renders it: GFM, then the HTML GitHub allows (<sub>,
// <details>, tables, ...) kept through hast-util-sanitize's schema, which
// follows GitHub's own allow-list; scripts, event handlers, styles, forms and
// unsafe URLs are dropped, and hidden comments vanish as on GitHub. After
// that, and only on the clean tree, our own additions: Mermaid bar charts
// drawn without script, images shown as text (the page loads nothing from
// elsewhere), `#N` and commit references linked.

const marked = new Marked({ gfm: true, async: false });

const SCHEMA = defaultSchema;

const element = (
  tagName: string,
  properties: Element["properties"],
  children: ElementContent[],
): Element => ({
  type: "element",
  tagName,
  properties,
  children,
});

const textOf = (node: ElementContent | RootContent): string =>
  node.type === "text" ? node.value : "children" in node ? node.children.map(textOf).join("") : "";

/** ```mermaid blocks GitHub draws: our bar chart when the source is one, else the code block stays. */
function chartFor(pre: Element): ElementContent[] | undefined {
  const code = pre.children.find(
    (child): child is Element => child.type === "element" && child.tagName === "code",
  );
  const classes = code?.properties.className;
  if (!code || !Array.isArray(classes) || !classes.includes("language-mermaid")) return undefined;
  const chart = parseXyChart(textOf(code));
  if (!chart) return undefined;
  return fromHtml(renderBarChart(chart), { fragment: true }).children as ElementContent[];
}

/** An image becomes its alt text and address: loading it would reach outside this machine. */
function imageAsText(img: Element): Element {
  const alt = typeof img.properties.alt === "string" ? img.properties.alt : "";
  const src = typeof img.properties.src === "string" ? img.properties.src : "";
  return element("span", { className: ["image"] }, [
    { type: "text", value: `[image: ${alt}] ${src}` },
  ]);
}

function transform(
  parent: Root | Element,
  targets: AutolinkTargets | undefined,
  inLink: boolean,
): void {
  const out: (RootContent | ElementContent)[] = [];
  for (const child of parent.children) {
    if (child.type === "text") {
      out.push(...(targets && !inLink ? autolinkText(child.value, targets) : [child]));
      continue;
    }
    if (child.type !== "element") {
      out.push(child);
      continue;
    }
    if (child.tagName === "pre") {
      const chart = chartFor(child);
      if (chart) {
        out.push(...chart);
        continue;
      }
      out.push(child);
      continue;
    }
    if (child.tagName === "img") {
      out.push(imageAsText(child));
      continue;
    }
    if (child.tagName === "a" && child.properties.href === undefined) {
      // A link whose address the sanitizer dropped (javascript:, data:) is just its text.
      const holder: Element = element("span", {}, child.children);
      transform(holder, targets, inLink);
      out.push(...holder.children);
      continue;
    }
    if (child.tagName === "a") child.properties.rel = ["nofollow", "noopener"];
    // Code is literal: GitHub links nothing inside it.
    if (child.tagName !== "code") transform(child, targets, inLink || child.tagName === "a");
    out.push(child);
  }
  parent.children = out as typeof parent.children;
}

/**
 * GitHub-flavoured Markdown to safe HTML. `targets` resolves `#N`,
 * `owner/repo#N` and commit shas to pages that exist; without it nothing is
 * autolinked.
 */
export function renderMarkdown(source: string, targets?: AutolinkTargets): string {
  const html = marked.parse(source, { async: false }) as string;
  const tree = sanitize(fromHtml(html, { fragment: true }), SCHEMA) as Root;
  transform(tree, targets, false);
  return toHtml(tree);
}
