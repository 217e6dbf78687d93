import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { inject } from "vitest";

/** The Chromium the global setup found, or "" (then browser tests skip). */
export const CHROMIUM = inject("chromium");

export const ARTIFACTS = join(process.cwd(), "test-artifacts");

// Flags that work in containers and CI: no sandbox (root), no GPU, nothing
// that reaches the network on its own. Playwright gives each launch a fresh
// profile directory.
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export type OpenedPage = { page: Page; status: number; errors: string[] };

/** Opens `url` in a new tab, collecting console errors, page errors and failed loads. */
export async function openPage(browser: Browser, url: string): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("requestfailed", (request) => errors.push(`failed to load ${request.url()}`));
  const response = await page.goto(url);
  return { page, status: response?.status() ?? 0, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
