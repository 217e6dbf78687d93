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

export default function setup(project: TestProject): void {
  const chromium = findChromium();
  if (!chromium) {
    process.stderr.write(
      "skipping the browser tests: no chromium found (apt-get install chromium, or set CRASHFIX_CHROMIUM to its path)\n",
    );
  }
  project.provide("chromium", chromium ?? "");
  if (!hasRedisServer) {
    process.stderr.write(
      "skipping the tests of the ingest on Redis: no redis-server found (apt-get install redis-server)\n",
    );
  }
}
