import type { Element, Root, RootContent } from "hast";
import { fromHtml } from "hast-util-from-html";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { recordJob, startRun } from "../../local-github/runs/runs-folder.js";
import { CHROMIUM, launchBrowser, openPage, screenshot } from "../helpers/browser.js";
import { pushBranches } from "./git-helpers.js";
import { apiClient, startTestGitHub } from "./helpers.js";

// The read-only pages. Report strings are attacker-controlled, so the
// fixtures try script injection in every field; what GitHub allows (<sub>,
// <details>, tables, references) must render as GitHub renders it.
const hostile = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;

let gh: LocalGitHub;
let issueNumber = 0;
let otherNumber = 0;
let pullNumber = 0;
let commitSha = "";

/** Every element of a page, as a browser parses it. */
function elements(html: string): Element[] {
  const found: Element[] = [];
  const walk = (node: Root | RootContent) => {
    if (node.type === "element") found.push(node);
    if ("children" in node) for (const child of node.children) walk(child);
  };
  walk(fromHtml(html));
  return found;
}

const get = async (path: string) => {
  const response = await fetch(`${gh.serverUrl}${path}`);
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    text: await response.text(),
  };
};

beforeAll(async () => {
  gh = await startTestGitHub();
  const call = apiClient(gh);
  await call("POST", "/repos/acme/triage/labels", { name: "crash:new", color: "d93f0b" });
  const other = await call("POST", "/repos/acme/triage/issues", { title: "An earlier crash" });
  otherNumber = (other.body as { number: number }).number;
  const { shas } = await pushBranches(gh, "acme/triage", ["crashfix/fix-0123"]);
  commitSha = shas["crashfix/fix-0123"] ?? "";
  const issue = await call("POST", "/repos/acme/triage/issues", {
    title: `TypeError: cannot read 'x' ${hostile}`,
    labels: ["crashfix", "crash:new", `fp:${hostile.slice(0, 30)}`],
    body: [
      "<!-- crashfix:fingerprint=0123 -->",
      "## Signature",
      "",
      "| frame | fn | count |",
      "| --- | --- | ---: |",
      "| 1 | `parseArgs` | 12 |",
      "",
      hostile,
      "",
      `[click me](javascript:window.__pwned=3) and [docs](https://example.com/docs), see #${otherNumber}, acme/triage#${otherNumber}, #999 and ${commitSha.slice(0, 10)}.`,
      "",
      '<details><summary>More</summary><p style="color:red" onclick="window.__pwned=4">hidden text</p></details>',
      "",
      "`#1 in code` and <form action=/x><input name=q></form>",
      "",
      "<sub>Filed by crashfix</sub>",
    ].join("\n"),
  });
  issueNumber = (issue.body as { number: number }).number;
  await call("POST", `/repos/acme/triage/issues/${issueNumber}/comments`, {
    body: `**Counters**: 42 reports\n\n\`\`\`mermaid\nxychart-beta\n  title "Per day"\n  x-axis ["12-01", "12-02", "12-03"]\n  bar [2, 0, 5]\n\`\`\`\n${hostile}`,
  });
  const pull = await call("POST", "/repos/acme/triage/pulls", {
    title: "Fix TypeError in parseArgs",
    head: "crashfix/fix-0123",
    base: "main",
    body: `Proposed by crashfix for #${issueNumber}`,
    draft: true,
  });
  pullNumber = (pull.body as { number: number }).number;
  const run = await startRun(gh.dataDir, "acme/triage", "crashfix-promote");
  await recordJob(gh.dataDir, "acme/triage", run, {
    name: "promote",
    conclusion: "success",
    summary: `### crashfix promote\n\n| fingerprint | outcome |\n| --- | --- |\n| \`0123\` | promoted #${issueNumber} |\n\n${hostile}`,
  });
}, 120_000);

afterAll(async () => {
  await gh?.close();
});

describe("the issue page's Markdown, as GitHub renders it", () => {
  let html = "";
  let all: Element[] = [];
  const body = () =>
    all.find((el) => (el.properties.className as string[] | undefined)?.includes("body"));

  beforeAll(async () => {
    html = (await get(`/acme/triage/issues/${issueNumber}`)).text;
    all = elements(html);
  });

  it("runs and loads nothing: no script, image, form, event handler or style attribute from the text", () => {
    const names = all.map((el) => el.tagName);
    for (const tag of ["script", "img", "form", "iframe"]) expect(names).not.toContain(tag);
    for (const el of all) {
      expect(Object.keys(el.properties).filter((name) => name.startsWith("on"))).toEqual([]);
    }
    expect(html).not.toContain("javascript:");
    const clickMe = all.find(
      (el) => el.tagName === "a" && JSON.stringify(el.children).includes("click me"),
    );
    expect(clickMe).toBeUndefined();
    expect(html).not.toContain("color:red");
  });

  it("renders GitHub's allowed HTML: <sub>, <details> with <summary>, an aligned table", () => {
    expect(all.some((el) => el.tagName === "sub")).toBe(true);
    expect(html).not.toContain("&#x3C;sub>");
    expect(all.find((el) => el.tagName === "summary")).toBeDefined();
    const right = all.find((el) => el.tagName === "td" && el.properties.align === "right");
    expect(right).toBeDefined();
    expect(body()).toBeDefined();
  });

  it("links #N, owner/repo#N and a commit sha that exist, and nothing in code or that does not exist", () => {
    const hrefs = all.filter((el) => el.tagName === "a").map((el) => String(el.properties.href));
    expect(hrefs).toContain(`/acme/triage/issues/${otherNumber}`);
    expect(hrefs.filter((href) => href === `/acme/triage/issues/${otherNumber}`)).toHaveLength(2);
    expect(hrefs).toContain(`/acme/triage/commit/${commitSha}`);
    expect(hrefs).toContain("https://example.com/docs");
    expect(hrefs.some((href) => href.endsWith("/issues/999"))).toBe(false);
    expect(
      hrefs.some((href) => href.endsWith("/issues/1") && !href.endsWith(`/${otherNumber}`)),
    ).toBe(false);
  });

  it("hides the hidden markers and draws the Mermaid chart without zero labels", () => {
    expect(html).not.toContain("crashfix:fingerprint");
    expect(
      all.filter((el) => (el.properties.className as string[] | undefined)?.includes("bar")),
    ).toHaveLength(3);
    expect(html).toContain("1 comment");
    expect(html).not.toContain("1 comments");
  });

  it.each([
    ["the home page", "/"],
    ["the repository", "/acme/triage"],
    ["the issue", () => `/acme/triage/issues/${issueNumber}`],
    ["the pull request", () => `/acme/triage/pull/${pullNumber}`],
    ["a commit", () => `/acme/triage/commit/${commitSha}`],
    ["the Actions runs", "/acme/triage/actions"],
    ["a run", "/acme/triage/actions/runs/1"],
    ["the favicon", "/favicon.ico"],
  ])("serves %s with 200, and every link on it resolves", async (_name, path) => {
    const page = await get(typeof path === "function" ? path() : path);
    expect(page.status).toBe(200);
    if (!page.type?.startsWith("text/html")) return;
    const links = elements(page.text)
      .filter((el) => el.tagName === "a" || el.tagName === "link")
      .map((el) => String(el.properties.href))
      .filter((href) => href.startsWith("/"));
    for (const href of new Set(links))
      expect([href, (await get(href)).status]).toEqual([href, 200]);
  });

  it.each([
    ["/acme/nope"],
    ["/acme/triage/issues/999"],
    [`/acme/triage/pull/1`],
    ["/acme/triage/issues/abc"],
    ["/acme/triage/issues/1/extra"],
    ["/acme/triage/commit/0000000"],
    ["/acme/triage/commit/--all"],
    ["/acme/triage/actions/runs/99"],
    ["/acme/triage/actions/runs/-1"],
    ["/acme/triage/actions/nope"],
    ["/%E0%A4%A"],
  ])("answers %s with a 404 page", async (path) => {
    const response = await fetch(`${gh.serverUrl}${path}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("refuses writes to the page", async () => {
    expect((await fetch(gh.serverUrl, { method: "POST" })).status).toBe(405);
  });

  it("lists the commit's change on its page", async () => {
    const page = await get(`/acme/triage/commit/${commitSha.slice(0, 7)}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(commitSha);
    expect(page.text).toContain("Files changed");
  });
});

describe.skipIf(!CHROMIUM)("the pages in headless Chromium", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ["home", "/"],
    ["repository", "/acme/triage"],
    ["issue", () => `/acme/triage/issues/${issueNumber}`],
    ["pull", () => `/acme/triage/pull/${pullNumber}`],
    ["run", "/acme/triage/actions/runs/1"],
  ])(
    "shows the %s page with no console error and runs nothing from the text",
    async (name, path) => {
      const { page, status, errors } = await openPage(
        browser,
        `${gh.serverUrl}${typeof path === "function" ? path() : path}`,
      );
      expect(status).toBe(200);
      await expect(page.locator("script").count()).resolves.toBe(0);
      await expect(
        page.evaluate(() => (globalThis as { __pwned?: number }).__pwned),
      ).resolves.toBeUndefined();
      expect(errors).toEqual([]);
      await screenshot(page, `local-github-${name}`);
      await page.close();
    },
  );

  it("opens <details> on a click, as GitHub's page does", async () => {
    const { page } = await openPage(browser, `${gh.serverUrl}/acme/triage/issues/${issueNumber}`);
    await expect(page.getByText("hidden text").isVisible()).resolves.toBe(false);
    await page.getByText("More").click();
    await expect(page.getByText("hidden text").isVisible()).resolves.toBe(true);
    await page.close();
  });
});
