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

  it("doctor --json says the scrubber loads", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    const result = await runBin(["--app", "loki", "doctor", "--json"], sandbox);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      telemetry: "on",
      reason: "default",
      pending: 0,
      scrubber: "ok",
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
