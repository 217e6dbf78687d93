import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The client loads lib/redact/capture.js in a crashing process, where zod's
 * load cost is too much. Checked without hooks: a copy of lib/redact in a
 * folder with no node_modules above it cannot resolve "zod", so any import
 * of it throws ERR_MODULE_NOT_FOUND. index.js (which does import zod) is the
 * control that the copy really cannot see zod.
 */
describe("the capture entry lib/redact/capture.js", () => {
  let root = "";
  const probe = (entry: string) =>
    spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { createRequire } from "node:module";
const load = createRequire(${JSON.stringify(`${join(root, "redact")}/`)});
try {
  const redact = load("./${entry}");
  const report = redact.buildReport({ app: "tool", appVersion: "1.0.0", stack: "Error: x\\n    at run (/srv/a.js:1:1)" });
  process.stdout.write(JSON.stringify({ ok: redact.checkReport(report).ok, keys: Object.keys(redact).sort() }));
} catch (error) {
  process.stdout.write(JSON.stringify({ error: error.code, message: String(error.message).slice(0, 300) }));
}`,
      ],
      { cwd: root, env: { PATH: process.env.PATH ?? "", HOME: root }, encoding: "utf8" },
    );

  beforeAll(() => {
    if (!existsSync(join(ROOT, "lib/redact/capture.bundle.cjs"))) {
      throw new Error("this test loads the built redact: run `npm run build` first");
    }
    root = mkdtempSync(join(tmpdir(), "crashfix-capture-entry-"));
    cpSync(join(ROOT, "lib/redact"), join(root, "redact"), {
      recursive: true,
      filter: (source) => !source.endsWith(".d.ts") && !source.endsWith(".map"),
    });
    writeFileSync(join(root, "package.json"), '{ "type": "module" }\n');
  });

  afterAll(() => {
    if (root !== "") rmSync(root, { recursive: true, force: true });
  });

  it("builds and checks a report without zod being resolvable", () => {
    const result = JSON.parse(probe("capture.js").stdout) as Record<string, unknown>;
    expect(result).toEqual({
      ok: true,
      keys: [
        "RULES_VERSION",
        "ReportBuildError",
        "buildReport",
        "checkReport",
        "verifyFingerprint",
      ],
    });
  });

  it("is what the one-file CommonJS bundle the client loads exports too, and the bundle needs no zod either", () => {
    const bundled = JSON.parse(probe("capture.bundle.cjs").stdout) as Record<string, unknown>;
    const modular = JSON.parse(probe("capture.js").stdout) as Record<string, unknown>;
    expect(bundled).toEqual(modular);
  });

  it("while the full entry, which imports zod, fails in the same place (the control)", () => {
    const result = JSON.parse(probe("index.js").stdout) as Record<string, unknown>;
    expect(result.error).toBe("ERR_MODULE_NOT_FOUND");
    expect(result.message).toContain("zod");
  });
});
