// System tools some tests need and npm does not install. Each is looked up
// once per test run; a missing one prints one line naming it and how to
// install it, and the tests that need it skip (the rest run).
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import type { TestProject } from "vitest/node";
import { hasRedisServer } from "../../fixtures/redis-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of a Chromium (or Chrome) executable, or "" when there is none. */
    chromium: string;
  }
}

const CHROMIUM_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** CRASHFIX_CHROMIUM when set, else the first Chromium or Chrome on PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CRASHFIX_CHROMIUM)
    return executable(env.CRASHFIX_CHROMIUM) ? env.CRASHFIX_CHROMIUM : undefined;
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    for (const name of CHROMIUM_NAMES) {
      if (executable(join(dir, name))) return join(dir, name);
    }
  }
  return undefined;
}

/** One line per missing tool: what skips, the tool, and how to install it. */
function missingTools(chromium: string | undefined): string[] {
  const lines: string[] = [];
  if (!chromium) {
    lines.push(
      "the browser tests: no Chromium or Chrome found (Debian: sudo apt-get install chromium; elsewhere install Chrome, or set CRASHFIX_CHROMIUM to its path)",
    );
  }
  if (!hasRedisServer) {
    lines.push(
      "the tests of the ingest on Redis: no redis-server found (Debian and Ubuntu: sudo apt-get install redis-server; macOS: brew install redis)",
    );
  }
  return lines;
}

export default function setup(project: TestProject): () => void {
  const chromium = findChromium();
  project.provide("chromium", chromium ?? "");
  const missing = missingTools(chromium);
  for (const line of missing) process.stderr.write(`skipping ${line}\n`);
  // Said again after the run: the first lines scroll away above the results.
  return () => {
    for (const line of missing) process.stderr.write(`skipped ${line}\n`);
  };
}
