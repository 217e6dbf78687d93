import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { pushBranches } from "./git-helpers.js";
import { apiClient, startTestGitHub } from "./helpers.js";

// The read-only page in a real headless Chromium. Report strings are
// attacker-controlled, so the fixtures try script injection in every field.
const ARTIFACTS = join(process.cwd(), "test-artifacts");
const hostile = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;

let gh: LocalGitHub;
let browser: Browser;
let issueNumber = 0;
let pullNumber = 0;

beforeAll(async () => {
  gh = await startTestGitHub();
  const call = apiClient(gh);
  await call("POST", "/repos/acme/triage/labels", { name: "crash:new", color: "d93f0b" });
  const issue = await call("POST", "/repos/acme/triage/issues", {
    title: `TypeError: cannot read 'x' ${hostile}`,
    labels: ["crashfix", "crash:new", `fp:${hostile.slice(0, 30)}`],
    body: [
      "<!-- crashfix:fingerprint=0123 -->",
      "## Signature",
      "",
      "| frame | fn |",
      "| --- | --- |",
      "| 1 | `parseArgs` |",
      "",
      hostile,
      "",
      "[click me](javascript:window.__pwned=3) and [docs](https://example.com/docs)",
    ].join("\n"),
  });
  issueNumber = (issue.body as { number: number }).number;
  await call("POST", `/repos/acme/triage/issues/${issueNumber}/comments`, {
    body: `**Counters**: 42 reports\n\n\`\`\`mermaid\nxychart-beta\n\`\`\`\n${hostile}`,
  });
  await pushBranches(gh, "acme/triage", ["crashfix/fix-0123"]);
  const pull = await call("POST", "/repos/acme/triage/pulls", {
    title: "Fix TypeError in parseArgs",
    head: "crashfix/fix-0123",
    base: "main",
    body: "Proposed by crashfix",
    draft: true,
  });
  pullNumber = (pull.body as { number: number }).number;
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await gh?.close();
});

describe("the read-only HTML page", () => {
  it("lists repositories on the home page", async () => {
    const page = await browser.newPage();
    await page.goto(gh.serverUrl);
    await expect(page.locator("h1").textContent()).resolves.toBe("Repositories");
    await expect(page.getByRole("link", { name: "acme/triage" }).count()).resolves.toBe(1);
    await page.close();
  });

  it("lists issues with labels and pull requests with their branches", async () => {
    const page = await browser.newPage();
    await page.goto(`${gh.serverUrl}/acme/triage`);
    const issues = page.locator("table.issues");
    await expect(issues.textContent()).resolves.toContain("crash:new");
    await expect(issues.textContent()).resolves.toContain("TypeError: cannot read 'x' <img");
    const pulls = page.locator("table.pulls");
    await expect(pulls.textContent()).resolves.toContain("crashfix/fix-0123");
    await expect(pulls.textContent()).resolves.toContain("main");
    await page.close();
  });

  it("renders an issue's Markdown body and comments, escaping HTML and dropping unsafe links", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${gh.serverUrl}/acme/triage/issues/${issueNumber}`);
    await expect(page.locator("h1 .title").textContent()).resolves.toContain("<script>");
    await expect(page.locator(".body table td code").textContent()).resolves.toBe("parseArgs");
    await expect(page.locator(".body").textContent()).resolves.toContain(
      '<img src=x onerror="window.__pwned=1">',
    );
    await expect(page.locator(".body").textContent()).resolves.not.toContain(
      "crashfix:fingerprint",
    );
    await expect(page.locator(".body a", { hasText: "click me" }).count()).resolves.toBe(0);
    await expect(page.locator(".body a", { hasText: "docs" }).getAttribute("href")).resolves.toBe(
      "https://example.com/docs",
    );
    await expect(page.locator(".comment .md strong").first().textContent()).resolves.toBe(
      "Counters",
    );
    await expect(page.locator(".comment pre code").textContent()).resolves.toContain(
      "xychart-beta",
    );
    await expect(page.locator(".labels .label").allTextContents()).resolves.toContain("crash:new");
    await expect(page.locator("script").count()).resolves.toBe(0);
    await expect(page.locator("img").count()).resolves.toBe(0);
    await expect(
      page.evaluate(() => (globalThis as { __pwned?: number }).__pwned),
    ).resolves.toBeUndefined();
    expect(errors).toEqual([]);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "local-github-issue.png"), fullPage: true });
    await page.close();
  });

  it("shows a pull request with its head and base branches", async () => {
    const page = await browser.newPage();
    await page.goto(`${gh.serverUrl}/acme/triage/pull/${pullNumber}`);
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("Wants to merge crashfix/fix-0123 into main (draft)");
    expect(text).toContain("Proposed by crashfix");
    await page.screenshot({ path: join(ARTIFACTS, "local-github-pull.png"), fullPage: true });
    await page.close();
  });

  it.each([
    ["/acme/nope"],
    ["/acme/triage/issues/999"],
    [`/acme/triage/pull/1`],
    ["/acme/triage/issues/abc"],
    ["/%E0%A4%A"],
  ])("answers %s with a 404 page", async (path) => {
    const response = await fetch(`${gh.serverUrl}${path}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("refuses writes to the page", async () => {
    expect((await fetch(gh.serverUrl, { method: "POST" })).status).toBe(405);
  });
});
