import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_EXPORT, ROOT } from "./helpers.js";

/**
 * A crash must not load zod (tens of milliseconds). Checked without hooks:
 * the host runs from a copy of lib/cli and lib/redact whose node_modules is
 * a symlink. The first run (zod resolvable) validates and stamps the config;
 * then the symlink goes, so any import of zod on the second run's crash path
 * would fail and no report would be written.
 */
describe("a crash with a stamped config", () => {
  let root = "";
  const host = `import { createCrashReporter } from "./${CLI_EXPORT}";
createCrashReporter({ app: "zodfree", version: "1.0.0", repo: "acme/zodfree" }).install();
function loadSettings() { throw new TypeError("cannot parse settings"); }
loadSettings();
`;
  const runHost = () =>
    spawnSync(process.execPath, [join(root, "host.mjs")], {
      cwd: join(root, "project"),
      env: { PATH: process.env.PATH ?? "", HOME: join(root, "home"), NO_COLOR: "1" },
      encoding: "utf8",
    });
  const crashDir = () => join(root, "project/.zodfree/crash");
  const reports = () => readdirSync(crashDir()).filter((name) => name.endsWith(".json"));

  beforeAll(() => {
    if (
      !existsSync(join(ROOT, "lib", CLI_EXPORT)) ||
      !existsSync(join(ROOT, "lib/redact/capture.bundle.cjs"))
    ) {
      throw new Error("this test runs the built client: run `npm run build` first");
    }
    root = mkdtempSync(join(tmpdir(), "crashfix-zodfree-"));
    for (const part of ["cli", "redact"]) {
      cpSync(join(ROOT, "lib", part), join(root, part), {
        recursive: true,
        filter: (source) => !source.endsWith(".d.ts") && !source.endsWith(".map"),
      });
    }
    writeFileSync(join(root, "package.json"), '{ "type": "module" }\n');
    writeFileSync(join(root, "host.mjs"), host);
    mkdirSync(join(root, "home/.zodfree"), { recursive: true });
    mkdirSync(join(root, "project"));
    writeFileSync(join(root, "home/.zodfree/config"), "DISCLOSURE_SHOWN=true\n");
  });

  afterAll(() => {
    if (root !== "") rmSync(root, { recursive: true, force: true });
  });

  it("is captured and written while zod cannot be resolved", () => {
    symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"));
    const first = runHost();
    expect(first.status).toBe(1);
    expect(reports()).toHaveLength(1);
    rmSync(join(root, "node_modules"));

    const second = runHost();
    expect(second.status).toBe(1);
    expect(second.stderr).not.toContain("ERR_MODULE_NOT_FOUND");
    expect(second.stderr).toContain("TypeError: cannot parse settings");
    const written = reports();
    expect(written).toHaveLength(2);
    for (const name of written) {
      const report = JSON.parse(readFileSync(join(crashDir(), name), "utf8"));
      expect(report).toMatchObject({ schema: "1", app: "zodfree", error_class: "TypeError" });
    }
  });

  it("still needs zod for an unstamped config (the control that zod is really gone)", () => {
    rmSync(join(root, "home/.zodfree/crashfix-config.validated"));
    const third = runHost();
    expect(third.stderr).toContain("zod");
    expect(reports()).toHaveLength(2);
  });
});
