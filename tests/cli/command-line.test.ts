import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  literally,
  makeSandbox,
  reportFiles,
  runBin,
  runHost,
  standaloneCommand,
} from "./helpers.js";

describe("command line errors", () => {
  it.each([
    { args: ["crash"], code: 2, message: /no app to act for: .* --app <id>/ },
    { args: ["--version", "--bogus"], code: 2, message: /^crashfix: unknown option --bogus\n$/ },
    {
      args: ["--app", "loki", "--jsno", "doctor"],
      code: 2,
      message: /unknown option --jsno; did you mean --json\?/,
    },
    { args: ["--app", "loki", "-x", "doctor"], code: 2, message: /unknown option -x/ },
    {
      args: ["--app", "loki", "doctr"],
      code: 2,
      message: /unknown command "doctr"; did you mean doctor\?/,
    },
    { args: ["--app", "loki", "crash", "sumbit"], code: 2, message: /did you mean crash submit\?/ },
    {
      args: ["--app", "loki", "telemetry", "of"],
      code: 2,
      message: /usage: .* telemetry on\|off\|status \(got "of"\); did you mean off\?/,
    },
    {
      args: ["--app", "loki", "crash", "list", "x"],
      code: 2,
      message: /crash list takes no arguments/,
    },
    { args: ["--app", "loki", "--json=yes", "doctor"], code: 2, message: /--json takes no value/ },
    {
      args: ["--app", "loki", "shell-path", "x"],
      code: 2,
      message: /shell-path takes no arguments/,
    },
    {
      args: ["--app", "loki", "start", "--pid", "me"],
      code: 2,
      message: /--pid must be a process id/,
    },
    { args: ["--app", "loki", "frobnicate"], code: 2, message: /unknown command "frobnicate"/ },
    {
      args: ["--app", "loki", "crash", "explode"],
      code: 2,
      message: /unknown crash command "explode"; use list, show, submit or doctor$/m,
    },
    {
      args: ["--app", "loki", "crash", "docter"],
      code: 2,
      message: /unknown crash command "docter"; did you mean crash doctor\?/,
    },
    { args: ["--app", "loki", "--bogus", "crash"], code: 2, message: /unknown option --bogus\n/ },
    {
      args: ["--app", "loki", "crash", "show"],
      code: 2,
      message: new RegExp(`usage: ${literally(standaloneCommand())} crash show <id>`),
    },
    { args: ["--app", "loki", "crash", "show", "a", "b"], code: 2, message: /usage: .*crash show/ },
    {
      args: ["--app", "loki", "crash", "show", "../../etc/passwd"],
      code: 2,
      message: /is not a report id/,
    },
    {
      args: ["--app", "loki", "crash", "submit", "abc", "--all"],
      code: 2,
      message: /usage: .*crash submit/,
    },
    {
      args: ["--app", "loki", "doctor", "--all"],
      code: 2,
      message: /--all does not apply to doctor/,
    },
    { args: ["--app", "loki", "doctor", "extra"], code: 2, message: /doctor takes no arguments/ },
    {
      args: ["--app", "loki", "telemetry", "maybe"],
      code: 2,
      message: /usage: .*telemetry on\|off\|status/,
    },
    {
      args: ["--app", "Not An Id", "doctor"],
      code: 2,
      message:
        /^crashfix: --app Not An Id is not an app id: give the `app` of the host's crashfix config, a lower-case id like `loki-mode`\n$/,
    },
    {
      args: ["--app", "BAD", "crash", "show", "1234"],
      code: 2,
      message: /--app BAD is not an app id/,
    },
    // The environment is configuration: a bad CRASHFIX_APP stays exit 3.
    {
      args: ["doctor"],
      code: 3,
      message: /^crashfix: invalid crashfix config: app must be a lower-case id like `loki-mode`/,
      env: { CRASHFIX_APP: "BAD" },
    },
    { args: ["--app"], code: 2, message: /--app needs a value: --app <id>/ },
    { args: ["--app", "--json", "doctor"], code: 2, message: /--app needs a value/ },
    { args: ["--app=", "doctor"], code: 2, message: /--app needs a value/ },
    { args: ["--app", "a", "--app", "b", "doctor"], code: 2, message: /--app is given twice/ },
    { args: ["--app", "loki", "--json=yes", "doctor"], code: 2, message: /--json takes no value/ },
    {
      args: ["--config", "/nonexistent/crashfix.json", "doctor"],
      code: 3,
      message: /cannot read --config file/,
    },
    {
      args: ["--app", "loki", "capture", "--exit-code", "0"],
      code: 2,
      message: /--exit-code must be a whole number from 1 to 255/,
      env: { CRASHFIX_VERSION: "1.0.0" },
    },
    {
      args: ["--app", "loki", "capture", "--exit-code", "3x"],
      code: 2,
      message: /--exit-code/,
      env: { CRASHFIX_VERSION: "1.0.0" },
    },
    {
      args: ["--app", "loki", "capture", "--class", "rm -rf"],
      code: 2,
      message: /--class must be a name/,
      env: { CRASHFIX_VERSION: "1.0.0" },
    },
    {
      args: ["--app", "loki", "capture", "--phase", "a".repeat(201)],
      code: 2,
      message: /--phase must be/,
      env: { CRASHFIX_VERSION: "1.0.0" },
    },
    {
      args: ["--app", "loki", "capture", "--friction", "slow"],
      code: 2,
      message: /--friction must be/,
      env: { CRASHFIX_VERSION: "1.0.0" },
    },
    {
      args: ["--app", "loki", "capture", "--bash-version", "$(id)"],
      code: 2,
      message: /--bash-version must be bash's \$BASH_VERSION, like 5\.2\.15\(1\)-release/,
      env: { CRASHFIX_VERSION: "1.0.0" },
    },
    {
      args: ["--app", "loki", "capture", "cmd text"],
      code: 2,
      message: /capture takes no arguments/,
      env: { CRASHFIX_VERSION: "1.0.0" },
    },
    { args: ["--app", "loki", "capture"], code: 3, message: /capture needs the app's version/ },
    {
      args: ["--app", "loki", "doctor"],
      code: 3,
      message: /endpoint must be an https URL/,
      env: { CRASHFIX_ENDPOINT: "http://example.com", CRASHFIX_PRIVACY_URL: "https://x.dev/p" },
    },
    {
      args: ["--app", "loki", "doctor"],
      code: 3,
      message:
        /privacyUrl is missing: with an endpoint, give the https URL of your published privacy page/,
      env: { CRASHFIX_ENDPOINT: "https://crash.example.com" },
    },
    {
      args: ["--app", "loki", "crash", "submit"],
      code: 3,
      message: /CRASHFIX_TIMEOUT_MS must be/,
      env: { CRASHFIX_TIMEOUT_MS: "soon" },
    },
    {
      args: ["--app", "loki", "telemetry", "status"],
      code: 3,
      message: /CRASHFIX_AUTO_FIX must be true or false/,
      env: { CRASHFIX_AUTO_FIX: "1" },
    },
  ])("$args exits $code", async ({ args, code, message, env }) => {
    const sandbox = await makeSandbox();
    const result = await runBin(args, sandbox, env ?? {});
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });

  it("answers crash doctor as doctor, so the README's lines that mount crash reach it", async () => {
    const sandbox = await makeSandbox();
    const doctor = await runBin(["--app", "loki", "doctor"], sandbox);
    const crashDoctor = await runBin(["--app", "loki", "crash", "doctor"], sandbox);
    expect(crashDoctor).toEqual(doctor);
    expect(crashDoctor.stdout).toMatch(/^telemetry: /);
  });

  it("reports a shell failure's bash version in place of the Node that ran capture", async () => {
    const sandbox = await makeSandbox();
    const env = { CRASHFIX_VERSION: "1.0.0" };
    for (const given of ["5.1.16(1)-release", "5.2"]) {
      const args = ["--app", "loki", "capture", "--exit-code", "4", "--bash-version", given];
      expect((await runBin(args, sandbox, env)).code).toBe(0);
    }
    const runtimes = [];
    for (const name of await reportFiles(sandbox.crashDir)) {
      runtimes.push(JSON.parse(await readFile(join(sandbox.crashDir, name), "utf8")).runtime);
    }
    expect(runtimes).toEqual(expect.arrayContaining([{ bash: "5.1.16" }, { bash: "5.2" }]));
    expect(runtimes).toHaveLength(2);
  });

  it("says when an app named with --app never ran here, and which one did", async () => {
    const sandbox = await makeSandbox();
    // A host of loki has run for this user.
    expect((await runHost(sandbox, "ok")).code).toBe(0);
    const result = await runBin(["--app", "lokk", "crash"], sandbox);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^No crash reports in /);
    expect(result.stderr).toMatch(
      /^note: no host of "lokk" has run on this machine \(there is no .*\.lokk\); did you mean --app loki\?\n$/,
    );
  });

  it("prints help with --help and exits 0", async () => {
    const sandbox = await makeSandbox();
    const result = await runBin(["--help"], sandbox);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: crashfix/);
    expect(result.stdout).toMatch(/Exit codes: 0 ok, 1 failed/);
    // doctor checks this install, not the network: its help promises no more.
    const doctor = result.stdout.split("\n").find((line) => line.startsWith("  doctor "));
    expect(doctor).toMatch(/exit 1 if a file this install needs is missing/);
    expect(doctor).not.toMatch(/cannot be sent/);
    for (const command of [
      "crash list",
      "crash show <id>",
      "crash submit",
      "telemetry",
      "doctor",
      "capture",
      "start",
      "shell-path",
    ]) {
      expect(result.stdout).toContain(`  ${command}`);
    }
    for (const option of [
      "--app",
      "--config",
      "--json",
      "--help",
      "--version",
      "--exit-code",
      "--bash-version",
      "--frames",
    ]) {
      expect(result.stdout).toContain(option);
    }
  });

  it.each([["--version"], ["-v"], ["crash", "--version"]])(
    "prints its version with %s",
    async (...args) => {
      const sandbox = await makeSandbox();
      const result = await runBin(args, sandbox);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^crashfix \d+\.\d+\.\d+\n$/);
    },
  );

  it("prints help on stderr and exits 2 with no command", async () => {
    const sandbox = await makeSandbox();
    const result = await runBin([], sandbox);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Usage: crashfix/);
  });

  it("rejects a --config file that is not JSON or not a valid config", async () => {
    const sandbox = await makeSandbox();
    const bad = join(sandbox.root, "bad.json");
    await writeFile(bad, "{ nope");
    const notJson = await runBin(["--config", bad, "doctor"], sandbox);
    expect(notJson.code).toBe(3);
    expect(notJson.stderr).toMatch(/is not valid JSON/);
    await writeFile(bad, JSON.stringify({ app: "loki", colour: "blue" }));
    const unknownKey = await runBin(["--config", bad, "doctor"], sandbox);
    expect(unknownKey.code).toBe(3);
    expect(unknownKey.stderr).toMatch(/colour is not a crashfix setting/);
    await writeFile(bad, JSON.stringify({ app: "loki", endpont: "https://x.dev" }));
    const typo = await runBin(["--config", bad, "doctor"], sandbox);
    expect(typo.stderr).toMatch(/endpont is not a crashfix setting \(did you mean endpoint\?\)/);
    await writeFile(bad, "[1, 2]");
    const notObject = await runBin(["--config", bad, "doctor"], sandbox);
    expect(notObject.stderr).toMatch(/must hold a JSON object/);
    await writeFile(bad, JSON.stringify({ app: "loki" }));
    const mismatch = await runBin(["--config", bad, "--app", "other", "doctor"], sandbox);
    expect(mismatch.code).toBe(2);
  });

  it("acts for the app in a --config file", async () => {
    const sandbox = await makeSandbox();
    const file = join(sandbox.root, "crashfix.json");
    await writeFile(file, JSON.stringify({ app: "loki", version: "1.0.0", repo: "acme/loki" }));
    const result = await runBin(["--config", file, "doctor", "--json"], sandbox);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      telemetry: "waiting",
      reason: "the first-run notice has not been shown yet",
      pending: 0,
      scrubber: "ok",
      background_send: "no endpoint",
      reports: "ok",
    });
  });
});
