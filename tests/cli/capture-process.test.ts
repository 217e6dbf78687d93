import { spawnSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  hostConfig,
  literally,
  onlyReport,
  reportFiles,
  runBin,
  runHost,
  SECRETS,
  shownSandbox,
  standaloneCommand,
  withoutNotice,
} from "./helpers.js";

function expectNoSecrets(text: string): void {
  for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  expect(text).not.toContain("settings.json");
  expect(text).not.toContain("/home/");
}

describe("a host process that crashes", () => {
  it.each([
    { mode: "throw", errorClass: "TypeError", exitCode: 1 },
    { mode: "reject", errorClass: "Error", exitCode: 1 },
    { mode: "reject-string", errorClass: undefined, exitCode: 1 },
    { mode: "exit3", errorClass: "NonZeroExit", exitCode: 3 },
    { mode: "exit-code", errorClass: "NonZeroExit", exitCode: 4 },
  ])(
    "$mode leaves one scrubbed report and ends exactly as without crashfix",
    async ({ mode, errorClass, exitCode }) => {
      const sandbox = await shownSandbox();
      const bare = await runHost(sandbox, mode, { bare: true });
      const withCrashfix = await runHost(sandbox, mode);

      expect(withCrashfix.code).toBe(exitCode);
      expect(bare.code).toBe(exitCode);
      expect(withoutNotice(withCrashfix.stderr)).toBe(bare.stderr);
      expect(withCrashfix.stdout).toBe(bare.stdout);

      const { text, report } = await onlyReport(sandbox);
      expectNoSecrets(text);
      if (errorClass) expect(report.error_class).toBe(errorClass);
      expect(report.exit_code).toBe(exitCode);
      expect(report.phase).toBe("ACT");
      expect(report.app).toBe("loki");
      expect(report.app_version).toBe("1.4.2");
      expect(withCrashfix.stderr).toContain(`${standaloneCommand()} crash show`);
    },
  );

  it("keeps the reports out of the project's git repository", async () => {
    const sandbox = await shownSandbox();
    const git = (...args: string[]) =>
      spawnSync("git", args, { cwd: sandbox.project, encoding: "utf8" });
    expect(git("init", "-q").status).toBe(0);
    await runHost(sandbox, "throw");
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(1);
    expect(await readFile(join(sandbox.crashDir, ".gitignore"), "utf8")).toBe(
      "# crash reports, written by crashfix\n*\n",
    );
    expect(git("status", "--porcelain", "--untracked-files=all").stdout).not.toMatch(/\.loki\//);
  });

  it("writes the report with mode 0600", async () => {
    const sandbox = await shownSandbox();
    await runHost(sandbox, "throw");
    const [file] = await reportFiles(sandbox.crashDir);
    const { stat } = await import("node:fs/promises");
    expect((await stat(join(sandbox.crashDir, file as string))).mode & 0o777).toBe(0o600);
  });

  it("lets a host's own uncaughtException handler decide the exit, and reports once", async () => {
    const sandbox = await shownSandbox();
    const bare = await runHost(sandbox, "host-handler", { bare: true });
    const result = await runHost(sandbox, "host-handler");
    expect(result.code).toBe(4);
    expect(bare.code).toBe(4);
    expect(withoutNotice(result.stderr)).toBe(bare.stderr);
    const { report } = await onlyReport(sandbox);
    expect(report.error_class).toBe("TypeError");
  });

  it.each([
    { mode: "host-rejection", when: "before install" },
    { mode: "late-rejection", when: "after install (the README's order)" },
    { mode: "exiting-rejection", when: "that calls process.exit" },
  ])(
    "captures a rejection the host handles with a listener added $when, and the host still decides the exit",
    async ({ mode }) => {
      const sandbox = await shownSandbox();
      const bare = await runHost(sandbox, mode, { bare: true });
      const result = await runHost(sandbox, mode);
      expect(result.code).toBe(5);
      expect(bare.code).toBe(5);
      expect(withoutNotice(result.stderr)).toBe(bare.stderr);
      const { text, report } = await onlyReport(sandbox);
      expectNoSecrets(text);
      expect(report.error_class).toBe("Error");
      expect((report.stack_signature as string[])[0]).toBe("callProvider");
      // The exit the listener's handling made, as an uncaught exception's report carries 1.
      expect(report.exit_code).toBe(5);
    },
  );

  it("tells of a rejection the host only logged, in a run that ends with 0", async () => {
    const sandbox = await shownSandbox();
    const result = await runHost(sandbox, "logged-rejection");
    expect(result.code).toBe(0);
    const { report } = await onlyReport(sandbox);
    expect(report.error_class).toBe("Error");
    expect(result.stderr).toMatch(
      new RegExp(
        `^host saw Error\n\nLoki Mode hit an error it did not expect. .*\n  report: .*\n  see it: ${literally(standaloneCommand())} crash show [0-9a-f]{8}\n`,
      ),
    );
  });

  /** stderr without the notice, the process id and Node's internal rejection id, which no listener is told. */
  const comparable = (stderr: string) =>
    withoutNotice(stderr)
      .replace(/\(node:\d+\)/g, "(node)")
      .replace(/ \(rejection id: \d+\)/g, "");

  it.each([
    { mode: "caught-late-exit", by: "process.exit", signature: ["giveUp"] },
    { mode: "caught-late-exit-code", by: "process.exitCode", signature: [] },
  ])(
    "reports a later exit by $by as its own NonZeroExit, and not the rejection the host handled late",
    async ({ mode, signature }) => {
      const sandbox = await shownSandbox();
      const bare = await runHost(sandbox, mode, { bare: true });
      const result = await runHost(sandbox, mode);
      expect(bare.code).toBe(6);
      expect(result.code).toBe(6);
      expect(comparable(result.stderr)).toBe(comparable(bare.stderr));
      expect(result.stderr).toContain("PromiseRejectionHandledWarning");
      expect(result.stderr).toContain("exited with status 6");
      const { report } = await onlyReport(sandbox);
      expect(report).toMatchObject({ error_class: "NonZeroExit", exit_code: 6 });
      expect((report.stack_signature as string[]).slice(0, signature.length)).toEqual(signature);
    },
  );

  it("reports a rejection the host only logged and a later exit of its own apart", async () => {
    const sandbox = await shownSandbox();
    const result = await runHost(sandbox, "logged-exit");
    expect(result.code).toBe(6);
    const reports = await Promise.all(
      (await reportFiles(sandbox.crashDir)).map(async (file) =>
        JSON.parse(await readFile(join(sandbox.crashDir, file), "utf8")),
      ),
    );
    expect(
      reports
        .map((report) => [report.error_class, report.exit_code, report.stack_signature[0]])
        .sort(),
    ).toEqual([
      ["Error", undefined, "callProvider"],
      ["NonZeroExit", 6, "giveUp"],
    ]);
    expect(result.stderr).toContain("exited with status 6");
  });

  it("captures at most 10 rejections the host only logged, so its exit does not wait on each", async () => {
    const sandbox = await shownSandbox();
    expect((await runHost(sandbox, "many-logged-rejections")).code).toBe(0);
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(10);
  });

  it("leaves the crash to Node when the host removes its rejection listener again", async () => {
    const sandbox = await shownSandbox();
    const bare = await runHost(sandbox, "late-rejection-removed", { bare: true });
    const result = await runHost(sandbox, "late-rejection-removed");
    expect(bare.code).toBe(1);
    expect(result.code).toBe(1);
    expect(withoutNotice(result.stderr)).toBe(bare.stderr);
    const { report } = await onlyReport(sandbox);
    expect(report.error_class).toBe("Error");
  });

  it("does not treat a usage error (exit 2) as a crash, unless the host says so", async () => {
    const sandbox = await shownSandbox();
    const usage = await runHost(sandbox, "usage");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe("usage: host <mode>\n");
    expect(await reportFiles(sandbox.crashDir)).toEqual([]);
    const counted = await runHost(sandbox, "usage", { env: { HOST_IGNORE: "[]" } });
    expect(counted.code).toBe(2);
    const { report } = await onlyReport(sandbox);
    expect(report).toMatchObject({ error_class: "NonZeroExit", exit_code: 2 });
  });

  it.each(["sigint", "sigint-handled"])("does not treat %s as a crash", async (mode) => {
    const sandbox = await shownSandbox();
    const result = await runHost(sandbox, mode);
    expect(result.signal === "SIGINT" || result.code === 130).toBe(true);
    expect(await reportFiles(sandbox.crashDir)).toEqual([]);
  });

  it("writes nothing for a run that exits 0", async () => {
    const sandbox = await shownSandbox();
    const result = await runHost(sandbox, "ok");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(await reportFiles(sandbox.crashDir)).toEqual([]);
  });

  it("reports friction only once the threshold is reached, once per kind", async () => {
    const sandbox = await shownSandbox();
    const result = await runHost(sandbox, "friction");
    expect(result.code).toBe(0);
    const files = await reportFiles(sandbox.crashDir);
    expect(files).toHaveLength(1);
    const report = JSON.parse(await readFile(join(sandbox.crashDir, files[0] as string), "utf8"));
    expect(report.friction_kind).toBe("retry_loop");
  });

  it("a report saved but not queued (outbox/ is a file) is told as kept, not as lost", async () => {
    const sandbox = await shownSandbox();
    const config = hostConfig({ endpoint: "https://crash.acme.example" });
    await mkdir(sandbox.crashDir, { recursive: true });
    await writeFile(sandbox.outboxDir, "the host's own file\n");
    const result = await runHost(sandbox, "throw", { config });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain("could not be saved");
    expect(result.stderr).toContain("Nothing was sent.");
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(1);
    expect(await readFile(sandbox.outboxDir, "utf8")).toBe("the host's own file\n");
  });

  describe("where the project's .loki is a file, so no report can be saved", () => {
    const couldNotSave = new RegExp(
      `^Loki Mode: a crash report could not be saved: \\.loki is a file, not a folder; details: ${literally(standaloneCommand())} crash doctor$`,
    );

    it.each([
      { mode: "throw", env: {} },
      { mode: "exit3", env: {} },
      { mode: "exit3", env: { CI: "true" } },
    ])(
      "$mode $env ends exactly as without crashfix but for one line that says why and names doctor",
      async ({ mode, env }) => {
        const sandbox = await shownSandbox();
        await writeFile(join(sandbox.project, ".loki"), "the host's own file\n");
        const bare = await runHost(sandbox, mode, { bare: true, env });
        const withCrashfix = await runHost(sandbox, mode, { env });
        expect(withCrashfix.code).toBe(bare.code);
        expect(withCrashfix.stdout).toBe(bare.stdout);
        // Written from the exit handler, which runs before Node prints an uncaught error.
        const lines = withCrashfix.stderr.split("\n");
        const added = lines.filter((line) => couldNotSave.test(line));
        expect(added).toHaveLength(1);
        expect(lines.filter((line) => !couldNotSave.test(line)).join("\n")).toBe(bare.stderr);
        // The file is left as it was.
        expect(await readFile(join(sandbox.project, ".loki"), "utf8")).toBe(
          "the host's own file\n",
        );
      },
    );

    it("doctor explains it, with the fix, and exits 1", async () => {
      const sandbox = await shownSandbox();
      await writeFile(join(sandbox.project, ".loki"), "");
      const doctor = await runBin(["--app", "loki", "doctor"], sandbox);
      expect(doctor.code).toBe(1);
      expect(doctor.stdout).toContain(
        "reports: none can be saved in this project: .loki is a file, not a folder: move or rename that file so crashfix can make the folder\n",
      );
      const json = await runBin(["--app", "loki", "doctor", "--json"], sandbox);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout).reports).toMatch(/^\.loki is a file, not a folder: /);
    });
  });

  it("keeps the crash notice to one line in CI", async () => {
    const sandbox = await shownSandbox();
    const result = await runHost(sandbox, "exit3", { env: { CI: "true" } });
    expect(result.code).toBe(3);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe("host: giving up");
    expect(lines[1]).toMatch(
      new RegExp(
        `^Loki Mode: crash report saved to \\.loki/crash/[0-9a-f]{16}-\\d{8}T\\d{6}Z-[0-9a-f]{8}\\.json \\(${literally(standaloneCommand())} crash show [0-9a-f]{8}\\)$`,
      ),
    );
  });
});
