import { cpSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import {
  baseEnv,
  installedPackage,
  installHost,
  makeSandbox,
  reportFiles,
  run,
  type Sandbox,
} from "./helpers.js";

// A host and a library it loads both embed crashfix, each under its own app,
// the library through its own copy of the package. One crash is one report
// and one notice: the reporter installed first captures the process.

const HOST = `
import { createCrashReporter } from "crashfix";
const { createCrashReporter: libraryReporter } = await import(process.env.LIBRARY_CRASHFIX);
const config = (app) => ({ app, version: "1.0.0", repo: \`acme/\${app}\` });
const order = process.argv[2];
const reporters = [];
const install = (make, app) => reporters.push(make(config(app)).install());
if (order === "library-first") install(libraryReporter, "libx");
install(createCrashReporter, "loki");
install(createCrashReporter, "loki");
install(libraryReporter, "libx");
if (order === "handoff") {
  reporters[0].uninstall();
  reporters[2].install();
}
process.stdout.write(reporters.map((reporter) => reporter.capturedBy).join(" ") + "\\n");
function loadProjectSettings() {
  throw new TypeError("cannot parse settings.json");
}
loadProjectSettings();
`;

async function runTwoReporters(sandbox: Sandbox, order: string) {
  const library = join(sandbox.root, "library-crashfix");
  cpSync(installedPackage(), library, { recursive: true, dereference: true });
  const script = await installHost(sandbox, "two-reporters.mjs", HOST);
  return run(process.execPath, [script, order], {
    cwd: sandbox.project,
    env: baseEnv(sandbox, {
      LIBRARY_CRASHFIX: pathToFileURL(join(library, "dist/index.js")).href,
    }),
  });
}

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

describe("two reporters in one process", () => {
  it.each([
    { order: "host-first", capturedBy: "loki loki loki", owner: "loki", other: "libx" },
    { order: "library-first", capturedBy: "libx libx libx libx", owner: "libx", other: "loki" },
    // The host's reporter, uninstalled, lets the library's install.
    { order: "handoff", capturedBy: "libx libx libx", owner: "libx", other: "loki" },
  ])(
    "$order: one crash is one report and one notice, the $owner reporter's",
    async ({ order, capturedBy, owner, other }) => {
      // A first-run notice from each reporter that installed.
      const installed = order === "handoff" ? ["loki", "libx"] : [owner];
      const sandbox = await makeSandbox();
      const result = await runTwoReporters(sandbox, order);

      expect(result.code).toBe(1);
      expect(count(result.stderr, /saves a crash report on this machine/g)).toBe(installed.length);
      for (const app of installed) expect(result.stderr).toContain(`${app} saves a crash report`);
      expect(count(result.stderr, /hit an error it did not expect/g)).toBe(1);
      expect(count(result.stderr, /TypeError: cannot parse settings\.json/g)).toBe(1);
      expect(await reportFiles(join(sandbox.project, `.${owner}`, "crash"))).toHaveLength(1);
      expect(await reportFiles(join(sandbox.project, `.${other}`, "crash"))).toEqual([]);
      expect(result.stdout).toBe(`${capturedBy}\n`);
    },
  );
});
