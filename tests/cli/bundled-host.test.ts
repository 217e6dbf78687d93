import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crashBundled, runBundled } from "./bundled-host.js";
import { type Ingest, startIngest } from "./fake-ingest.js";
import {
  baseEnv,
  hostConfig,
  installedPackage,
  literally,
  makeSandbox,
  onlyReport,
  run,
  runBin,
  type Sandbox,
} from "./helpers.js";

// A CLI with crashfix bundled into its own file, as esbuild and tsup ship
// one: `doctor` and `crash ...` are its mounted commands, `ok` a clean run,
// anything else a crash.
const HOST = `import { createCrashReporter, runCrashfixCommand } from "crashfix";
const config = JSON.parse(process.env.HOST_CONFIG);
createCrashReporter(config).install();
function parseSettings(text) {
  if (!text.includes("=")) throw new TypeError("cannot parse settings");
  return text;
}
const [command] = process.argv.slice(2);
if (command === "doctor" || command === "crash") {
  process.exitCode = await runCrashfixCommand(process.argv.slice(2), { config });
} else if (command !== "ok") parseSettings("nope");
`;

/** Its doctor's first line with hostConfig(), which has no endpoint: reports stay on the machine. */
const NO_ENDPOINT_DOCTOR =
  "telemetry: local (reports are kept on this machine and nothing is sent: Loki Mode configures no endpoint to send them to), crash buffer: 0 pending\n";

/** The scrubber alone beside the bundle: captures work; the background send's command is missing. */
const scrubberOnly = (sandbox: Sandbox) =>
  copyFileSync(
    join(installedPackage(), "dist", "scrubber.cjs"),
    join(sandbox.project, "scrubber.cjs"),
  );

/** The fix every message names, with the folder the bundle's crashfix code looked in. */
const fix = (folder: string) =>
  `a CLI that bundles crashfix runs \`crashfix copy-files <folder>\` in its build for the folder its bundle loads crashfix's files from (here: ${folder})`;

let ingest: Ingest;
beforeAll(async () => {
  ingest = await startIngest();
});
afterAll(() => ingest.close());

/** Waits until the ingest has had `count` requests, or a few seconds have passed. */
async function requestsAfterStart(count: number): Promise<number> {
  for (let waited = 0; waited < 15_000 && ingest.requests.length < count; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return ingest.requests.length;
}

// What cli/README.md tells a host that bundles crashfix into its own file:
// crashfix loads its files from beside its own code, the scrubber at the
// first capture and the command when a start sends in the background.
describe("a host that bundles crashfix into its own file", () => {
  const crashInlined = (withScrubber: boolean, args: string[] = []) =>
    crashBundled(HOST, {
      prepare: (sandbox, script) => {
        // crashfix is in the host's file, not imported from node_modules.
        expect(readFileSync(script, "utf8")).not.toMatch(/from\s*"crashfix"/);
        expect(readFileSync(script, "utf8")).toContain('"CrashfixError"');
        if (withScrubber) scrubberOnly(sandbox);
      },
      args,
    });

  it("captures nothing without dist/scrubber.cjs beside the bundle, and the host fails as it would bare", async () => {
    const { sandbox, result } = await crashInlined(false);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("TypeError: cannot parse settings");
    expect(readFileSync(join(sandbox.crashDir, "capture.log"), "utf8")).toContain(
      "MODULE_NOT_FOUND",
    );
  });

  it("captures as usual with dist/scrubber.cjs copied beside the bundle", async () => {
    const { sandbox, result } = await crashInlined(true);
    expect(result.code).toBe(1);
    const { report } = await onlyReport(sandbox);
    expect(report.stack_signature).toEqual(["parseSettings", "anon:tool"]);
    expect(existsSync(join(sandbox.crashDir, "capture.log"))).toBe(false);
  });

  it("captures from a bundle built to CommonJS, which has no import.meta, and its doctor says all is well", async () => {
    // cli/README.md's CommonJS form: no top-level await.
    const awaited =
      "process.exitCode = await runCrashfixCommand(process.argv.slice(2), { config });";
    expect(HOST).toContain(awaited);
    const CJS_HOST = HOST.replace(
      awaited,
      "runCrashfixCommand(process.argv.slice(2), { config }).then((code) => { process.exitCode = code; });",
    );
    const cjs = { build: { format: "cjs" as const }, prepare: scrubberOnly, name: "tool.cjs" };
    const crash = await crashBundled(CJS_HOST, cjs);
    expect(crash.result.code).toBe(1);
    expect((await onlyReport(crash.sandbox)).report.stack_signature).toEqual([
      "parseSettings",
      "anon:tool",
    ]);
    const doctor = await crashBundled(CJS_HOST, { ...cjs, args: ["doctor"] });
    expect(doctor.result.stdout).toBe(NO_ENDPOINT_DOCTOR);
    expect(doctor.result.code).toBe(0);
  });

  it("says so in the mounted doctor, which exits 1, without dist/scrubber.cjs; not with it", async () => {
    const without = await crashInlined(false, ["doctor"]);
    expect(without.result.code).toBe(1);
    expect(without.result.stdout).toMatch(
      new RegExp(
        `^${literally(NO_ENDPOINT_DOCTOR)}scrubber: cannot load .*scrubber\\.cjs \\(MODULE_NOT_FOUND\\), so the code in that folder captures nothing and reads no report: ${literally(fix(without.sandbox.project))}\n$`,
      ),
    );
    const withIt = await crashInlined(true, ["doctor"]);
    expect(withIt.result.code).toBe(0);
    expect(withIt.result.stdout).toBe(NO_ENDPOINT_DOCTOR);
  });
});

describe("a bundle without crashfix's command files beside it", () => {
  it.each([
    { setup: "commands not mounted", command: undefined, until: "", send: [] },
    {
      setup: "commands mounted as `loki`",
      command: "loki",
      until: " until you send it",
      send: ["see it: loki crash show", "send it now: loki crash submit"],
    },
  ])(
    "($setup) does not promise a background send it cannot start",
    async ({ command, until, send }) => {
      const config = hostConfig({ endpoint: ingest.url, ...(command ? { command } : {}) });
      const { sandbox, result } = await crashBundled(HOST, { config, prepare: scrubberOnly });
      expect(result.code).toBe(1);
      const { report } = await onlyReport(sandbox);
      const lines = result.stderr.split("\n");
      expect(lines[1]).toBe(
        `Loki Mode hit an error it did not expect. It waits on this machine${until}: this install of Loki Mode cannot send it in the background.`,
      );
      expect(lines[2]).toMatch(
        /^ {2}report: \.loki\/crash\/[0-9a-f]{16}-\d{8}T\d{6}Z-[0-9a-f]{8}\.json$/,
      );
      const id = String(report.report_id).slice(0, 8);
      expect(lines.slice(3, 3 + send.length)).toEqual(send.map((line) => `  ${line} ${id}`));
      // Node's own error text follows the notice.
      expect(lines[3 + send.length]).toMatch(/^file:/);
      expect(result.stderr).not.toMatch(/next starts|npx/);
    },
  );

  it("logs which file is missing at the next start, and its mounted doctor says so and exits 1", async () => {
    const config = hostConfig({ endpoint: ingest.url });
    const { sandbox, script } = await crashBundled(HOST, { config, prepare: scrubberOnly });
    const before = ingest.requests.length;
    const next = await runBundled(sandbox, script, { config, args: ["ok"] });
    expect(next).toMatchObject({ code: 0, stderr: "" });
    const missing = join(sandbox.project, "bin", "crashfix.mjs");
    expect(readFileSync(join(sandbox.crashDir, "capture.log"), "utf8")).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ background send not started: ${literally(missing)} is missing, so queued reports wait; ${literally(fix(sandbox.project))}\n$`,
      ),
    );
    const doctor = await runBundled(sandbox, script, { config, args: ["doctor"] });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toBe(
      `telemetry: on (default), crash buffer: 1 pending\nbackground send: ${missing} is missing, so queued reports are not sent: ${fix(sandbox.project)}\n`,
    );
    expect(ingest.requests.length).toBe(before);
  });
});

// cli/README.md: a bundler that splits code into chunks may put crashfix's
// commands in a chunk folder of their own; they load crashfix's files from
// where the host's own crashfix code does, which copy-files filled.
describe("a host split into chunks, with copy-files run for its own folder only", () => {
  it("lists its reports, sends them in the background, and its doctor says all is well", async () => {
    const config = hostConfig({ endpoint: ingest.url, command: "loki" });
    const split = { config, name: join("dist", "tool.mjs"), build: { splitting: true } };
    const { sandbox, script } = await crashBundled(HOST, { ...split, args: ["ok"] });
    const chunks = join(sandbox.project, "dist", "chunks");
    // The commands are in a chunk: the layout this is about.
    expect(readdirSync(chunks).some((file) => file.startsWith("commands-entry-"))).toBe(true);
    expect((await runBin(["copy-files", "dist"], sandbox)).code).toBe(0);
    expect(existsSync(join(chunks, "scrubber.cjs"))).toBe(false);
    const crash = await runBundled(sandbox, script, { config });
    expect(crash.stderr).toContain(
      "It will be sent, scrubbed and anonymous, when Loki Mode next starts.",
    );
    const { report } = await onlyReport(sandbox);
    const before = ingest.requests.length;
    await runBundled(sandbox, script, { config, args: ["ok"] });
    expect(await requestsAfterStart(before + 1)).toBe(before + 1);
    const list = await runBundled(sandbox, script, { config, args: ["crash", "list", "--json"] });
    expect(list).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(list.stdout)).toMatchObject([
      { report_id: report.report_id, status: "sent" },
    ]);
    const doctor = await runBundled(sandbox, script, { config, args: ["crash", "doctor"] });
    expect(doctor).toMatchObject({
      code: 0,
      stdout: "telemetry: on (default), crash buffer: 0 pending\n",
    });
  });
});

describe("crashfix copy-files", () => {
  it("puts the files beside the bundle, and the next start sends the queued report", async () => {
    const config = hostConfig({ endpoint: ingest.url });
    const { sandbox, script } = await crashBundled(HOST, { config });
    // The first run captured nothing: no scrubber yet.
    expect(readFileSync(join(sandbox.crashDir, "capture.log"), "utf8")).toContain(
      "MODULE_NOT_FOUND",
    );
    // npm init writes this; the copied command must run under it too.
    writeFileSync(join(sandbox.project, "package.json"), '{ "type": "commonjs" }\n');
    const copy = await runBin(["copy-files", "."], sandbox);
    expect(copy).toMatchObject({
      code: 0,
      stderr: "",
      stdout: `copied into .:
  scrubber.cjs        the scrubber, which every capture loads
  commands-entry.mjs  the commands and the sender, which bin/crashfix.mjs loads
  bin/crashfix.mjs    the command that sends queued reports in the background
`,
    });
    const crash = await runBundled(sandbox, script, { config });
    expect(crash.stderr).toContain(
      "It will be sent, scrubbed and anonymous, when Loki Mode next starts.",
    );
    const { report } = await onlyReport(sandbox);
    // The hint names the command the copy put there, and it works.
    const seeIt = /^ {2}see it: node (\S+) (--app loki crash show \S+)$/m.exec(crash.stderr);
    expect(seeIt?.[1]).toBe(join(sandbox.project, "bin", "crashfix.mjs"));
    const shown = await run(
      process.execPath,
      [seeIt?.[1] ?? "", ...(seeIt?.[2] ?? "").split(" ")],
      {
        cwd: sandbox.project,
        env: baseEnv(sandbox),
      },
    );
    expect(JSON.parse(shown.stdout)).toEqual(report);
    const before = ingest.requests.length;
    await runBundled(sandbox, script, { config, args: ["ok"] });
    expect(await requestsAfterStart(before + 1)).toBe(before + 1);
    expect(JSON.parse(ingest.requests.at(-1)?.body ?? "{}")).toMatchObject({
      report_id: report.report_id,
    });
    const doctor = await runBundled(sandbox, script, { config, args: ["doctor"] });
    expect(doctor).toMatchObject({
      code: 0,
      stdout: "telemetry: on (default), crash buffer: 0 pending\n",
    });
    // A bundle is a Node CLI's: its copy has no crashfix.sh, and says where it ships.
    const shellPath = await run(
      process.execPath,
      [join(sandbox.project, "bin", "crashfix.mjs"), "shell-path"],
      {
        cwd: sandbox.project,
        env: baseEnv(sandbox),
      },
    );
    expect(shellPath).toMatchObject({
      code: 1,
      stdout: "",
      stderr: `crashfix: this copy of crashfix has no crashfix.sh (looked for ${join(sandbox.project, "..", "crashfix.sh")}); it ships in the crashfix package: run shell-path from a project that installs crashfix (node_modules/crashfix/crashfix.sh)\n`,
    });
  });

  it("refuses a folder that is not there, as a typo in a build script, and makes none", async () => {
    const sandbox = await makeSandbox();
    const result = await runBin(["copy-files", "dsit"], sandbox);
    expect(result).toMatchObject({
      code: 2,
      stdout: "",
      stderr: `crashfix: there is no folder ${join(sandbox.project, "dsit")}: name the folder your CLI's bundle is in, and run copy-files after the bundler has written it\n`,
    });
    expect(existsSync(join(sandbox.project, "dsit"))).toBe(false);
  });

  it.each([
    {
      problem: "no folder",
      args: () => ["copy-files"],
      code: 2,
      message:
        /^crashfix: copy-files takes one folder, the one your CLI's bundle is in: crashfix copy-files dist\n$/,
    },
    {
      problem: "two folders",
      args: () => ["copy-files", "dist", "lib"],
      code: 2,
      message: /^crashfix: copy-files takes one folder/,
    },
    {
      problem: "a file for the folder",
      args: (file: string) => ["copy-files", file],
      code: 2,
      message:
        /^crashfix: .*cli\.js is a file, not a folder: name the folder your CLI's bundle is in\n$/,
    },
    {
      problem: "a folder under a file",
      args: (file: string) => ["copy-files", join(file, "dist")],
      code: 2,
      message:
        /^crashfix: there is no folder .*cli\.js\/dist: name the folder your CLI's bundle is in/,
    },
  ])("refuses $problem in its own words", async ({ args, code, message }) => {
    const sandbox = await makeSandbox();
    const file = join(sandbox.project, "cli.js");
    writeFileSync(file, "");
    const result = await runBin(args(file), sandbox);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
  });
});

describe("hints in a bundle without `command` and without the command files", () => {
  it.each([
    {
      setup: "no endpoint",
      config: () => hostConfig(),
      text: `Loki Mode saves a crash report on this machine when it hits an error it did
not expect: anonymous diagnostics only (os, arch, version, error type,
sanitized stack signatures, and a hash of the project's git remote, for
counting distinct projects). Never your code, prompts, paths, keys, or repo
names. Reports stay on this machine; nothing is sent. To share one with the
maintainers, attach its file to an issue at github.com/acme/loki.
`,
    },
    {
      setup: "an endpoint",
      config: () => hostConfig({ endpoint: ingest.url }),
      text: `Loki Mode reports the crashes you hit to its maintainers' private triage
repository; confirmed crashes become issues at github.com/acme/loki. We
encourage you to open an issue there for anything causing hesitation.
We send anonymous diagnostics only (os, arch, version, error type, sanitized
stack signatures, and a hash of the project's git remote, for counting
distinct projects). Never your code, prompts, paths, keys, or repo names.
Nothing is sent until this run has ended.
`,
    },
  ])(
    "($setup) name no command in the first-run notice: the opt-out is the environment's",
    async ({ config, text }) => {
      const { result } = await crashBundled(HOST, {
        config: config(),
        prepare: scrubberOnly,
        args: ["ok"],
        noticeShown: false,
      });
      expect(result.stderr).toBe(`${text}See https://acme.example/loki/privacy.
Turn this off anytime with: LOKI_TELEMETRY=off (or DO_NOT_TRACK=1) in the environment
`);
    },
  );

  it("name the report's file after a crash, and no command, in CI too", async () => {
    const { result } = await crashBundled(HOST, { prepare: scrubberOnly });
    expect(result.stderr).toMatch(
      /^\nLoki Mode hit an error it did not expect\. The report stays on this machine\.\n {2}report: \.loki\/crash\/\S+\.json\nfile:/,
    );
    const ci = await crashBundled(HOST, { prepare: scrubberOnly, env: { CI: "true" } });
    expect(ci.result.stderr).toMatch(
      /^Loki Mode: crash report saved to \.loki\/crash\/\S+\.json\n/,
    );
    for (const stderr of [result.stderr, ci.result.stderr]) {
      expect(stderr).not.toMatch(/npx|crash (show|submit)|telemetry off/);
    }
  });
});
