import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  baseEnv,
  binWithoutScrubber,
  hostConfig,
  literally,
  makeSandbox,
  PRIVACY_URL,
  reportFiles,
  run,
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

  it("warns, listing or not, when no report can be saved in the project's folder", async () => {
    const sandbox = await makeSandbox();
    const appDir = join(sandbox.project, ".loki");
    await writeFile(appDir, "not a folder\n");
    for (const args of [["crash"], ["crash", "list", "--json"]]) {
      const result = await runBin(["--app", "loki", ...args], sandbox);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(
        `warning: crashes cannot be saved in ${sandbox.crashDir}: ${appDir} is a file, not a folder; move or rename that file`,
      );
    }
    // A folder that works says nothing of the kind.
    const { sandbox: working } = await withReport();
    expect((await runBin(["--app", "loki", "crash"], working)).stderr).not.toContain(
      "cannot be saved",
    );
  });

  it("shows exactly the stored JSON", async () => {
    const { sandbox, id, name } = await withReport();
    const result = await runBin(["--app", "loki", "crash", "show", id], sandbox);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(await readFile(join(sandbox.crashDir, name), "utf8"));
  });

  it("needs at least 4 characters of an id, so a short prefix never picks whichever report is alone with it", async () => {
    const { sandbox, id, name } = await withReport();
    for (const command of ["show", "submit"]) {
      const short = await runBin(["--app", "loki", "crash", command, id.slice(0, 3)], sandbox);
      expect(short).toMatchObject({
        code: 2,
        stdout: "",
        stderr: `crashfix: "${id.slice(0, 3)}" is too short to name a report: give at least 4 characters of its id (from \`crash list\`)\n`,
      });
    }
    const four = await runBin(["--app", "loki", "crash", "show", id.slice(0, 4)], sandbox);
    expect(four.code).toBe(0);
    expect(four.stdout).toBe(await readFile(join(sandbox.crashDir, name), "utf8"));
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

describe("crash list and the captures that failed", () => {
  const logOf = (sandbox: Sandbox) => join(sandbox.crashDir, "capture.log");
  const warning = (sandbox: Sandbox, count: string, at: string, code: string) =>
    new RegExp(
      `^warning: ${count} and saved no report, the latest at ${at} \\(${code}\\); see ${literally(logOf(sandbox))}; \`node .* --app loki crash doctor\` says why\n$`,
    );
  const line = (at: string, code: string) =>
    `${at} capture failed (${code}); nothing was written or sent\n`;

  it("says how many failed, the latest's time and code, and where the log is, after real failed captures", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    const withoutScrubber = binWithoutScrubber(sandbox);
    for (const exitCode of ["3", "4"]) {
      const capture = await run(
        process.execPath,
        [withoutScrubber, "--app", "loki", "capture", "--exit-code", exitCode],
        { cwd: sandbox.project, env: baseEnv(sandbox, { CRASHFIX_VERSION: "1.4.2" }) },
      );
      expect(capture.code).toBe(1);
    }
    const list = await runBin(["--app", "loki", "crash"], sandbox);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^No crash reports in /);
    const expected = warning(
      sandbox,
      "2 captures failed",
      "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ",
      "MODULE_NOT_FOUND",
    );
    expect(list.stderr).toMatch(expected);
    // --json: stdout stays the array of reports; the warning goes to stderr.
    const json = await runBin(["--app", "loki", "crash", "list", "--json"], sandbox);
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect(json.stderr).toMatch(expected);
  });

  it("says so below the reports too, and nothing when the log records no failure", async () => {
    const { sandbox, id } = await withReport();
    const quiet = await runBin(["--app", "loki", "crash"], sandbox);
    expect(quiet.stderr).toBe("");
    await writeFile(logOf(sandbox), line("2026-12-05T10:00:00Z", "EACCES"));
    const list = await runBin(["--app", "loki", "crash"], sandbox);
    expect(list.stdout).toMatch(new RegExp(`^${id} `, "m"));
    expect(list.stderr).toMatch(
      warning(sandbox, "1 capture failed", "2026-12-05T10:00:00Z", "EACCES"),
    );
  });

  it("reads a log with garbage in it without failing, counting only the lines a failed capture writes", async () => {
    const { sandbox } = await withReport();
    const garbage = [
      "not a log line\n",
      "\u0000\u00ff\ufffd binary\n",
      `${"x".repeat(10_000)}\n`,
      "2026-12-05T10:00:00Z capture failed (lower_case); nothing was written or sent\n",
      "2026-12-05T10:00:00Z capture failed (EACCES); and more\n",
    ].join("");
    await writeFile(logOf(sandbox), garbage);
    const onlyGarbage = await runBin(["--app", "loki", "crash"], sandbox);
    expect(onlyGarbage.code).toBe(0);
    expect(onlyGarbage.stderr).toBe("");
    // The latest by time, though a clock set back wrote it before the other.
    await writeFile(
      logOf(sandbox),
      `${line("2026-12-05T12:00:00Z", "ENOSPC")}${garbage}${line("2026-12-05T11:00:00Z", "EACCES")}`,
    );
    const list = await runBin(["--app", "loki", "crash"], sandbox);
    expect(list.code).toBe(0);
    expect(list.stderr).toMatch(
      warning(sandbox, "2 captures failed", "2026-12-05T12:00:00Z", "ENOSPC"),
    );
  });

  it("reads only the end of a log grown past its size cap", async () => {
    const sandbox = await makeSandbox();
    const one = line("2026-12-05T10:00:00Z", "EACCES");
    // Ten times the size at which capture moves the log aside.
    const count = Math.ceil((640 * 1024) / one.length);
    await mkdir(sandbox.crashDir, { recursive: true });
    await writeFile(
      logOf(sandbox),
      `${one.repeat(count - 1)}${line("2026-12-05T11:00:00Z", "ENOSPC")}`,
    );
    const list = await runBin(["--app", "loki", "crash"], sandbox);
    const read = Number(/warning: (\d+) captures failed/.exec(list.stderr)?.[1]);
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(count / 5);
    expect(list.stderr).toMatch(/the latest at 2026-12-05T11:00:00Z \(ENOSPC\)/);
  });
});

describe("crashfix telemetry and doctor", () => {
  it("doctor prints one line", async () => {
    const { sandbox } = await withReport();
    const result = await runBin(["--app", "loki", "doctor"], sandbox);
    expect(result.stdout).toBe("telemetry: on (default), crash buffer: 1 pending\n");
  });

  it("doctor --json says the scrubber loads and reports can be saved", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    const result = await runBin(["--app", "loki", "doctor", "--json"], sandbox);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      telemetry: "local",
      reason:
        "reports are kept on this machine and nothing is sent: loki configures no endpoint to send them to",
      pending: 0,
      scrubber: "ok",
      background_send: "no endpoint",
      reports: "ok",
    });
  });

  describe("for a host that configured no endpoint", () => {
    const local =
      "reports are kept on this machine and nothing is sent: Loki Mode configures no endpoint to send them to";

    /** A sandbox where the host has run once without an endpoint: its notice shown, its settings saved. */
    async function afterLocalRun(): Promise<Sandbox> {
      const sandbox = await makeSandbox();
      expect((await runHost(sandbox, "ok")).code).toBe(0);
      expect(await readFile(sandbox.configFile, "utf8")).toContain("DISCLOSURE_SHOWN=local");
      return sandbox;
    }

    it("status says reports are kept here and nothing is sent, and why; never on", async () => {
      const sandbox = await afterLocalRun();
      const status = await runBin(["--app", "loki", "telemetry", "status"], sandbox);
      expect(status.code).toBe(0);
      expect(status.stdout.split("\n")[0]).toBe(`telemetry: local (${local})`);
      expect(status.stdout).toContain("first-run notice shown: yes\n");
      const json = await runBin(["--app", "loki", "telemetry", "status", "--json"], sandbox);
      expect(JSON.parse(json.stdout)).toMatchObject({
        telemetry: "local",
        reason: local,
        source: "host",
        notice_shown: true,
        endpoint: null,
        privacy_url: PRIVACY_URL,
      });
      const doctor = await runBin(["--app", "loki", "doctor"], sandbox);
      expect(doctor.stdout).toBe(`telemetry: local (${local}), crash buffer: 0 pending\n`);
      // A saved opt-in changes nothing that is sent: on says so too.
      const on = await runBin(["--app", "loki", "telemetry", "on"], sandbox);
      expect(on.stdout).toBe(`telemetry: local (${local}); the saved setting is now on\n`);
      const after = await runBin(["--app", "loki", "telemetry", "status"], sandbox);
      expect(after.stdout.split("\n")[0]).toBe(`telemetry: local (${local})`);
    });

    it("status keeps the opted-out and the first-run answers", async () => {
      const sandbox = await afterLocalRun();
      const optedOut = await runBin(["--app", "loki", "telemetry", "status"], sandbox, {
        DO_NOT_TRACK: "1",
      });
      expect(optedOut.stdout.split("\n")[0]).toBe("telemetry: off (DO_NOT_TRACK is set)");
      const fresh = await makeSandbox();
      const firstRun = await runBin(["--app", "loki", "telemetry", "status"], fresh);
      expect(firstRun.stdout.split("\n")[0]).toBe(
        "telemetry: waiting (the first-run notice has not been shown yet)",
      );
    });
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
    // No endpoint here: the setting is on, and nothing is sent.
    expect(on.stdout).toMatch(/^telemetry: local \(.*\); the saved setting is now on\n$/);
    // TELEMETRY_OFF_AT stays: a report queued before it is not sent unasked.
    expect(await readFile(sandbox.configFile, "utf8")).toMatch(
      /^# comment\nLOKI_MODEL=opus\nDISCLOSURE_SHOWN=true\nTELEMETRY_DISABLED=false\nTELEMETRY_OFF_AT=\S+Z\n$/,
    );
  });

  it("status after on names the user's choice and its file, not the default", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    // With an endpoint: without one the answer is where reports stay, not the switch.
    const withEndpoint = {
      CRASHFIX_ENDPOINT: "https://crash.acme.example",
      CRASHFIX_PRIVACY_URL: "https://acme.example/privacy",
    };
    const bin = (...args: string[]) => runBin(["--app", "loki", ...args], sandbox, withEndpoint);
    const before = await bin("telemetry", "status", "--json");
    expect(JSON.parse(before.stdout)).toMatchObject({ reason: "default", source: "default" });
    expect((await bin("telemetry", "on")).code).toBe(0);
    const after = await bin("telemetry", "status", "--json");
    expect(JSON.parse(after.stdout)).toMatchObject({
      telemetry: "on",
      reason: `TELEMETRY_DISABLED=false in ${sandbox.configFile}`,
      source: "config",
    });
    const doctor = await bin("doctor");
    expect(doctor.stdout).toBe(
      `telemetry: on (TELEMETRY_DISABLED=false in ${sandbox.configFile}), crash buffer: 0 pending\n`,
    );
  });

  it("on says why collection stays off when the environment opts out", async () => {
    const sandbox = await makeSandbox();
    const result = await runBin(["--app", "loki", "telemetry", "on"], sandbox, {
      LOKI_TELEMETRY: "off",
    });
    expect(result.stdout).toMatch(/still off \(LOKI_TELEMETRY=off\)/);
  });

  it("a corrupt config: status explains and exits 3, on refuses with exit 3, off still works", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "OK=1\n\u0000\u0001binary junk\n");
    const status = await runBin(["--app", "loki", "telemetry"], sandbox);
    expect(status.code).toBe(3);
    expect(status.stdout).toMatch(/telemetry: off \(.*config line 2 is not KEY=VALUE/);
    const on = await runBin(["--app", "loki", "telemetry", "on"], sandbox);
    expect(on.code).toBe(3);
    expect(on.stderr).toMatch(/line 2 is not KEY=VALUE: fix or delete that line/);
    const off = await runBin(["--app", "loki", "telemetry", "off"], sandbox);
    expect(off.code).toBe(0);
    const saved = await readFile(sandbox.configFile, "utf8");
    expect(saved.startsWith("OK=1\n\u0000\u0001binary junk\nTELEMETRY_DISABLED=true\n")).toBe(true);
    expect(saved).toMatch(/\nTELEMETRY_OFF_AT=\S+Z\n$/);
  });

  it.each([
    {
      problem: "a line that is not KEY=VALUE",
      text: "DISCLOSURE_SHOWN=true\nnot a setting\n",
      why: /config line 2 is not KEY=VALUE: fix or delete that line/,
    },
    {
      problem: "an unrecognised value",
      text: "DISCLOSURE_SHOWN=true\nTELEMETRY_DISABLED=maybe\n",
      why: /TELEMETRY_DISABLED in .*config has an unknown value; use true or false/,
    },
  ])(
    "$problem in the config: status, doctor and submit say collection is off and exit 3; a capture keeps its report here",
    async ({ text, why }) => {
      const { sandbox } = await withReport();
      await writeConfig(sandbox, text);
      for (const args of [["telemetry", "status"], ["doctor"], ["crash", "submit", "--all"]]) {
        const result = await runBin(["--app", "loki", ...args], sandbox);
        expect(result.code, args.join(" ")).toBe(3);
        expect(result.stdout + result.stderr, args.join(" ")).toMatch(why);
      }
      // Fail closed: the next capture is kept on this machine, not queued.
      const outboxBefore = await reportFiles(sandbox.outboxDir);
      await runHost(sandbox, "throw", {
        config: hostConfig({ endpoint: "https://crash.acme.example" }),
      });
      expect(await reportFiles(sandbox.crashDir)).toHaveLength(2);
      expect(await reportFiles(sandbox.outboxDir)).toEqual(outboxBefore);
    },
  );

  it("a config path that is a directory gives a clear error, not a crash", async () => {
    const sandbox = await makeSandbox();
    await mkdir(sandbox.configFile, { recursive: true });
    const result = await runBin(["--app", "loki", "telemetry", "off"], sandbox);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/cannot (read|write) .*config/);
  });

  it("a ~/.<app> that is a file: the commands name that file as what is in the way, not a permission", async () => {
    const sandbox = await makeSandbox();
    await rm(sandbox.stateDir, { recursive: true, force: true });
    await writeFile(sandbox.stateDir, "not a folder\n");
    const result = await runBin(["--app", "loki", "telemetry", "status"], sandbox);
    expect(result.code).toBe(3);
    const said = `${result.stdout}${result.stderr}`;
    expect(said).toContain(`${sandbox.stateDir} is a file, not a folder: move or rename that file`);
    expect(said).not.toContain("permissions");
  });

  it("a config it cannot read: status and doctor say why collection is off and exit 3; a capture keeps its report here, sends nothing, and leaves the host's exit as it was", async () => {
    const { sandbox } = await withReport();
    await rm(sandbox.configFile);
    await mkdir(sandbox.configFile);
    const why = /\(cannot read .*config: it is a folder, not a file: move or rename it\)/;
    for (const args of [["telemetry", "status"], ["telemetry", "status", "--json"], ["doctor"]]) {
      const result = await runBin(["--app", "loki", ...args], sandbox);
      expect(result.code, args.join(" ")).toBe(3);
      expect(result.stdout.replace(/\\"/g, '"'), args.join(" ")).toMatch(
        args.includes("--json") ? /"reason": "cannot read/ : new RegExp(`off ${why.source}`),
      );
    }
    // Reading reports needs no config: these work as before.
    expect((await runBin(["--app", "loki", "crash"], sandbox)).code).toBe(0);
    const crash = await runHost(sandbox, "throw", {
      config: hostConfig({ endpoint: "https://crash.acme.example" }),
    });
    expect(crash.code).toBe(1);
    expect(crash.stderr).toContain("Nothing was sent.");
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(2);
    expect(await reportFiles(sandbox.outboxDir)).toHaveLength(1);
  });

  it("honours NO_COLOR and prints no escape codes when not a terminal", async () => {
    const sandbox = await makeSandbox();
    const result = await runBin(["--app", "loki", "telemetry", "status"], sandbox, {
      NO_COLOR: "1",
    });
    expect(result.stdout).not.toContain("\u001b[");
  });
});
