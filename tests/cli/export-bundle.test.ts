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
 * `import "crashfix/cli"` loads one bundled file (scripts/bundle-cli.mjs),
 * and a crash adds one more, lib/redact/capture.bundle.cjs. Checked the way
 * a host meets them: crashfix installed under node_modules (package.json
 * and lib/ as published), a host script that imports it by name, real
 * processes. Files are taken away between runs to show what each path
 * really loads.
 */
describe('the "crashfix/cli" export', () => {
  let root = "";
  const pkg = () => join(root, "node_modules/crashfix");
  const crashDir = () => join(root, "project/.bundled/crash");
  const reports = () =>
    existsSync(crashDir()) ? readdirSync(crashDir()).filter((name) => name.endsWith(".json")) : [];
  const host = `import { createCrashReporter, CrashfixError } from "crashfix/cli";
if (process.argv[2] === "bad-config") {
  try {
    createCrashReporter({ app: "Not An Id", version: "1.0.0", repo: "acme/bundled" });
  } catch (error) {
    process.stdout.write(JSON.stringify({ instance: error instanceof CrashfixError, code: error.code }));
  }
} else {
  createCrashReporter({ app: "bundled", version: "1.0.0", repo: "acme/bundled" }).install();
  function loadSettings() { throw new TypeError("cannot parse settings"); }
  if (process.argv[2] === "throw") loadSettings();
}
`;
  const runHost = (mode: string) =>
    spawnSync(process.execPath, [join(root, "host.mjs"), mode], {
      cwd: join(root, "project"),
      env: { PATH: process.env.PATH ?? "", HOME: join(root, "home"), NO_COLOR: "1" },
      encoding: "utf8",
    });
  const keepOnly = (dir: string, names: string[]) => {
    for (const name of readdirSync(dir)) {
      if (!names.includes(name)) rmSync(join(dir, name), { recursive: true, force: true });
    }
  };

  beforeAll(() => {
    if (
      !existsSync(join(ROOT, "lib", CLI_EXPORT)) ||
      !existsSync(join(ROOT, "lib/redact/capture.bundle.cjs"))
    ) {
      throw new Error("this test runs the built client: run `npm run build` first");
    }
    root = mkdtempSync(join(tmpdir(), "crashfix-export-"));
    mkdirSync(pkg(), { recursive: true });
    cpSync(join(ROOT, "package.json"), join(pkg(), "package.json"));
    for (const part of ["cli", "redact"]) {
      cpSync(join(ROOT, "lib", part), join(pkg(), "lib", part), {
        recursive: true,
        filter: (source) => !source.endsWith(".d.ts") && !source.endsWith(".map"),
      });
    }
    // zod for the first run's config check, as npm would install it.
    symlinkSync(join(ROOT, "node_modules/zod"), join(root, "node_modules/zod"));
    writeFileSync(join(root, "host.mjs"), host);
    mkdirSync(join(root, "home/.bundled"), { recursive: true });
    mkdirSync(join(root, "project"));
    writeFileSync(join(root, "home/.bundled/config"), "DISCLOSURE_SHOWN=true\n");
  });

  afterAll(() => {
    if (root !== "") rmSync(root, { recursive: true, force: true });
  });

  it("points at the one-file bundle (types stay the tsc declarations)", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(manifest.exports["./cli"]).toEqual({
      types: "./lib/cli/index.d.ts",
      import: "./lib/cli/index.bundle.js",
    });
  });

  it("throws INVALID_CONFIG as the CrashfixError the host imported, though zod's check is a separate file", () => {
    const result = runHost("bad-config");
    expect(JSON.parse(result.stdout)).toEqual({ instance: true, code: "INVALID_CONFIG" });
  });

  it("starts, exits and captures a crash with only the two bundle files left", () => {
    // The first run validates the config with zod and stamps it.
    expect(runHost("ok")).toMatchObject({ status: 0, stdout: "", stderr: "" });
    rmSync(join(root, "node_modules/zod"));
    keepOnly(join(pkg(), "lib/cli"), ["index.bundle.js"]);
    keepOnly(join(pkg(), "lib/redact"), ["capture.bundle.cjs"]);

    expect(runHost("ok")).toMatchObject({ status: 0, stdout: "", stderr: "" });
    const crashed = runHost("throw");
    expect(crashed.status).toBe(1);
    expect(crashed.stderr).toContain("bundled hit an error it did not expect");
    expect(crashed.stderr).toContain("TypeError: cannot parse settings");
    expect(crashed.stderr).not.toContain("ERR_MODULE_NOT_FOUND");
    expect(reports()).toHaveLength(1);
  });

  it("falls back to the scrubber's modules when its bundle is missing", () => {
    rmSync(join(pkg(), "lib/redact"), { recursive: true });
    cpSync(join(ROOT, "lib/redact"), join(pkg(), "lib/redact"), {
      recursive: true,
      filter: (source) => !source.endsWith(".d.ts") && !source.endsWith(".map"),
    });
    rmSync(join(pkg(), "lib/redact/capture.bundle.cjs"));

    const crashed = runHost("throw");
    expect(crashed.status).toBe(1);
    expect(crashed.stderr).toContain("TypeError: cannot parse settings");
    expect(reports()).toHaveLength(2);
    for (const name of reports()) {
      const report = JSON.parse(readFileSync(join(crashDir(), name), "utf8"));
      expect(report).toMatchObject({ schema: "1", app: "bundled", error_class: "TypeError" });
    }
  });
});
