import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  hostConfig,
  makeSandbox,
  reportFiles,
  runBin,
  runHost,
  type Sandbox,
  writeConfig,
} from "./helpers.js";

async function withReport(): Promise<{ sandbox: Sandbox; id: string; name: string }> {
  const sandbox = await makeSandbox();
  await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
  await runHost(sandbox, "throw", {
    config: hostConfig({ endpoint: "https://crash.acme.example" }),
  });
  const [name] = await reportFiles(sandbox.crashDir);
  return { sandbox, name: name as string, id: (name as string).slice(-13, -5) };
}

describe("crashfix crash", () => {
  it("lists reports with id, time, class, top frame and status", async () => {
    const { sandbox, id } = await withReport();
    const result = await runBin(["--app", "loki", "crash"], sandbox);
    expect(result.code).toBe(0);
    const [header, row] = result.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^ID\s+CAPTURED\s+CLASS\s+TOP FRAME\s+STATUS$/);
    expect(row).toMatch(
      new RegExp(
        `^${id}\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+TypeError\\s+\\S+\\s+pending$`,
      ),
    );
  });

  it("lists as JSON with --json", async () => {
    const { sandbox, id } = await withReport();
    const rows = JSON.parse(
      (await runBin(["--app", "loki", "crash", "list", "--json"], sandbox)).stdout,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id, status: "pending", error_class: "TypeError" });
  });

  it("says so when there are no reports", async () => {
    const sandbox = await makeSandbox();
    const result = await runBin(["--app", "loki", "crash"], sandbox);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^No crash reports in /);
  });

  it("shows exactly the stored JSON", async () => {
    const { sandbox, id, name } = await withReport();
    const result = await runBin(["--app", "loki", "crash", "show", id], sandbox);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(await readFile(join(sandbox.crashDir, name), "utf8"));
  });

  it("exits 4 for an unknown id", async () => {
    const { sandbox } = await withReport();
    const result = await runBin(["--app", "loki", "crash", "show", "deadbeef"], sandbox);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/no crash report with id deadbeef/);
  });

  it.each([
    ["not JSON", "{ truncated"],
    ["a report with an extra field", "EXTRA"],
    ["an edited fingerprint", "FINGERPRINT"],
  ])(
    "reports a corrupt file (%s) clearly: listed as corrupt, show exits 5",
    async (_label, kind) => {
      const { sandbox, id, name } = await withReport();
      const file = join(sandbox.crashDir, name);
      const original = JSON.parse(await readFile(file, "utf8"));
      const text =
        kind === "EXTRA"
          ? JSON.stringify({ ...original, user: "x" })
          : kind === "FINGERPRINT"
            ? JSON.stringify({ ...original, fingerprint: "0".repeat(64) })
            : kind;
      await writeFile(file, text);
      const list = await runBin(["--app", "loki", "crash"], sandbox);
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/corrupt/);
      expect(list.stderr).toMatch(/warning: .*delete it/);
      const show = await runBin(["--app", "loki", "crash", "show", id], sandbox);
      expect(show.code).toBe(5);
      expect(show.stderr).toMatch(/delete it/);
    },
  );
});

describe("crashfix telemetry and doctor", () => {
  it("doctor prints one line", async () => {
    const { sandbox } = await withReport();
    const result = await runBin(["--app", "loki", "doctor"], sandbox);
    expect(result.stdout).toBe("telemetry: on (default), crash buffer: 1 pending\n");
  });

  it("doctor names the reason when off", async () => {
    const sandbox = await makeSandbox();
    const result = await runBin(["--app", "loki", "doctor"], sandbox, { DO_NOT_TRACK: "1" });
    expect(result.stdout).toBe("telemetry: off (DO_NOT_TRACK is set), crash buffer: 0 pending\n");
  });

  it("off, status, on round-trip and keep other lines of the config", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "# comment\nLOKI_MODEL=opus\nDISCLOSURE_SHOWN=true\n");
    expect((await runBin(["--app", "loki", "telemetry", "off"], sandbox)).code).toBe(0);
    const status = await runBin(["--app", "loki", "telemetry", "status", "--json"], sandbox);
    expect(JSON.parse(status.stdout)).toMatchObject({
      telemetry: "off",
      source: "config",
      pending: 0,
    });
    const on = await runBin(["--app", "loki", "telemetry", "on"], sandbox);
    expect(on.stdout).toMatch(/^telemetry: on/);
    expect(await readFile(sandbox.configFile, "utf8")).toBe(
      "# comment\nLOKI_MODEL=opus\nDISCLOSURE_SHOWN=true\n",
    );
  });

  it("on says why collection stays off when the environment opts out", async () => {
    const sandbox = await makeSandbox();
    const result = await runBin(["--app", "loki", "telemetry", "on"], sandbox, {
      LOKI_TELEMETRY: "off",
    });
    expect(result.stdout).toMatch(/still off \(LOKI_TELEMETRY=off\)/);
  });

  it("a corrupt config: status explains, on refuses with exit 3, off still works", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "OK=1\n\u0000\u0001binary junk\n");
    const status = await runBin(["--app", "loki", "telemetry"], sandbox);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/telemetry: off \(.*config line 2 is not KEY=VALUE/);
    const on = await runBin(["--app", "loki", "telemetry", "on"], sandbox);
    expect(on.code).toBe(3);
    expect(on.stderr).toMatch(/line 2 is not KEY=VALUE: fix or delete that line/);
    const off = await runBin(["--app", "loki", "telemetry", "off"], sandbox);
    expect(off.code).toBe(0);
    expect(await readFile(sandbox.configFile, "utf8")).toBe(
      "OK=1\n\u0000\u0001binary junk\nTELEMETRY_DISABLED=true\n",
    );
  });

  it("a config path that is a directory gives a clear error, not a crash", async () => {
    const sandbox = await makeSandbox();
    await mkdir(sandbox.configFile, { recursive: true });
    const result = await runBin(["--app", "loki", "telemetry", "off"], sandbox);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/cannot (read|write) .*config/);
  });

  it("honours NO_COLOR and prints no escape codes when not a terminal", async () => {
    const sandbox = await makeSandbox();
    const result = await runBin(["--app", "loki", "telemetry", "status"], sandbox, {
      NO_COLOR: "1",
    });
    expect(result.stdout).not.toContain("\u001b[");
  });
});

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
    { args: ["--app", "loki", "crash", "explode"], code: 2, message: /unknown crash command/ },
    { args: ["--app", "loki", "--bogus", "crash"], code: 2, message: /unknown option --bogus\n/ },
    {
      args: ["--app", "loki", "crash", "show"],
      code: 2,
      message: /usage: npx crashfix --app loki crash show <id>/,
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
      code: 3,
      message: /app must be a lower-case id like `loki-mode`/,
    },
    { args: ["--app"], code: 2, message: /--app needs a value: act for this app/ },
    { args: ["--app", "--json", "doctor"], code: 2, message: /--app needs a value/ },
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
      args: ["--app", "loki", "capture", "--phase", "a b"],
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
  ])("$args exits $code", async ({ args, code, message, env }) => {
    const sandbox = await makeSandbox();
    const result = await runBin(args, sandbox, env ?? {});
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });

  it("prints help with --help and exits 0", async () => {
    const sandbox = await makeSandbox();
    const result = await runBin(["--help"], sandbox);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: crashfix/);
    expect(result.stdout).toMatch(/Exit codes: 0 ok, 1 failed/);
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
    });
  });
});
