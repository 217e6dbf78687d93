import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import * as modular from "../../lib/redact/capture.js";
import { generateCorpus } from "./fixtures/crash-corpus.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BUNDLE = join(ROOT, "lib/redact/capture.bundle.cjs");

/**
 * The crash path runs the minified one-file bundle (scripts/bundle-capture.mjs),
 * every other test the modules tsc built. Both must write the same report,
 * byte for byte, for the same input.
 */
describe("the minified capture bundle", () => {
  let bundled: typeof modular;
  beforeAll(() => {
    if (!existsSync(BUNDLE)) throw new Error("run `npm run build` first");
    bundled = createRequire(import.meta.url)(BUNDLE) as typeof modular;
  });

  it("builds the same report as lib/redact/capture.js for every report of the crash corpus", () => {
    const corpus = generateCorpus(300, 7);
    const input = (text: string): modular.ReportInput => ({
      app: "loki",
      appVersion: "1.2.3",
      platform: "linux",
      arch: "x64",
      runtime: { node: "20.20.2" },
      context: { home: "/home/ada", repoNames: ["acme/app"] },
      now: new Date(0),
      errorClass: "TypeError",
      stack: `TypeError: ${text}\n    at run (/home/ada/src/app/a.js:1:1)`,
      exitCode: 1,
      reportId: "0f8e2a3c-1d2b-4c5e-8f7a-9b0c1d2e3f4a",
    });
    let differing = 0;
    for (const text of corpus.reports) {
      const a = JSON.stringify(modular.buildReport(input(text)));
      const b = JSON.stringify(bundled.buildReport(input(text)));
      if (a !== b) differing += 1;
    }
    expect(corpus.reports.length).toBe(300);
    expect(differing).toBe(0);
  });
});
