import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { baseEnv, makeSandbox, ROOT, reportFiles, run, writeConfig } from "./helpers.js";

const LOKI_SH = join(ROOT, "examples/loki-style/loki.sh");
const LOKI_TS = join(ROOT, "examples/loki-style/cli.ts");
const TSX = join(ROOT, "node_modules/tsx/dist/loader.mjs");

describe("examples/loki-style", () => {
  it("bash entry: a failing phase leaves a report tagged with the phase and function names", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    const env = baseEnv(sandbox);
    const result = await run("bash", [LOKI_SH, "run", "fail-in", "ACT"], {
      cwd: sandbox.project,
      env,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("REASON done\n");
    const [file] = await reportFiles(sandbox.crashDir);
    const report = JSON.parse(await readFile(join(sandbox.crashDir, file as string), "utf8"));
    expect(report).toMatchObject({ phase: "ACT", exit_code: 1, error_class: "NonZeroExit" });
    expect(report.stack_signature.slice(0, 2)).toEqual(["load_plan", "run_phase"]);
    const doctor = await run("bash", [LOKI_SH, "doctor"], { cwd: sandbox.project, env });
    // The example sets no endpoint: its reports stay on the machine.
    expect(doctor.stdout).toBe(
      "telemetry: local (reports are kept on this machine and nothing is sent: Loki Mode configures no endpoint to send them to), crash buffer: 0 pending\n",
    );
    const show = await run("bash", [LOKI_SH, "crash", "show", "ffffffff"], {
      cwd: sandbox.project,
      env,
    });
    expect(show.code).toBe(4);
    expect(show.stderr).toMatch(/^loki\.sh: no crash report with id ffffffff/);
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(1);
  });

  it("TypeScript entry: a crash in a phase is reported and `crash` is mounted as its own command", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    const env = baseEnv(sandbox);
    const ts = (args: string[]) =>
      run(process.execPath, ["--import", TSX, LOKI_TS, ...args], { cwd: sandbox.project, env });
    const result = await ts(["run", "--fail-in", "VERIFY"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Error: phase VERIFY could not read its plan");
    const list = await ts(["crash", "--json"]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([{ error_class: "Error", status: "local" }]);
    const missing = await ts(["crash", "show", "ffffffff"]);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/^loki: no crash report with id ffffffff/);
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(1);
    const off = await ts(["telemetry", "off"]);
    expect(off.stdout).toMatch(/^telemetry: off/);
  });
});
