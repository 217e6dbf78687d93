import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decide } from "../../cli/collection/decide-collection.js";
import { buildIssueUrl } from "../../cli/commands/build-issue-url.js";
import { readClientEnv } from "../../cli/config/read-client-env.js";
import { parseConfigText, updateUserConfigFile } from "../../cli/config/user-config-file.js";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** The decision for app `loki` with `~/.loki/config` at `path`, for a host with an endpoint unless told. */
function decideFor(
  path: string,
  env: Record<string, string>,
  host: { endpoint?: string } = { endpoint: "https://crash.example.com" },
) {
  return decide({
    app: "loki",
    envPrefix: "LOKI",
    endpoint: host.endpoint,
    displayName: "Loki Mode",
    paths: { configFile: path, firstRunDir: join(path, "..", "first-run") },
    env,
  });
}

const SHOWN = "DISCLOSURE_SHOWN=true\n";

async function configPath(text?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "crashfix-config-"));
  dirs.push(dir);
  const path = join(dir, "config");
  if (text !== undefined) await writeFile(path, text);
  return path;
}

describe("decideCollection", () => {
  it.each([
    [{}, true, "default"],
    [{ LOKI_TELEMETRY: "off" }, false, "LOKI_TELEMETRY=off"],
    [{ LOKI_TELEMETRY: "OFF" }, false, "LOKI_TELEMETRY=OFF"],
    [{ LOKI_TELEMETRY: "0" }, false, "LOKI_TELEMETRY=0"],
    [{ LOKI_TELEMETRY: "false" }, false, "LOKI_TELEMETRY=false"],
    [{ LOKI_TELEMETRY: "sometimes" }, false, "LOKI_TELEMETRY has an unknown value; use on or off"],
    [{ LOKI_TELEMETRY: "on" }, true, "LOKI_TELEMETRY=on"],
    [{ LOKI_TELEMETRY_DISABLED: "true" }, false, "LOKI_TELEMETRY_DISABLED=true"],
    [{ LOKI_TELEMETRY_DISABLED: "1" }, false, "LOKI_TELEMETRY_DISABLED=1"],
    [{ LOKI_TELEMETRY_DISABLED: "false" }, true, "default"],
    [
      { LOKI_TELEMETRY_DISABLED: "nah" },
      false,
      "LOKI_TELEMETRY_DISABLED has an unknown value; use true or false",
    ],
    [{ DO_NOT_TRACK: "1" }, false, "DO_NOT_TRACK is set"],
    [{ DO_NOT_TRACK: "true" }, false, "DO_NOT_TRACK is set"],
    [{ DO_NOT_TRACK: "0" }, true, "default"],
    [{ DO_NOT_TRACK: "" }, true, "default"],
    [{ CI: "true" }, false, "CI detected; set LOKI_TELEMETRY=on to send from CI"],
    [{ GITHUB_ACTIONS: "true" }, false, "CI detected; set LOKI_TELEMETRY=on to send from CI"],
    [{ CI: "true", LOKI_TELEMETRY: "on" }, true, "LOKI_TELEMETRY=on"],
    [{ CI: "true", LOKI_TELEMETRY: "on", DO_NOT_TRACK: "1" }, false, "DO_NOT_TRACK is set"],
    [{ CI: "false" }, true, "default"],
  ])("env %o -> enabled %s (%s)", async (env, enabled, reason) => {
    const decision = decideFor(await configPath(SHOWN), env);
    expect(decision).toMatchObject({ enabled, reason });
  });

  it.each([
    ["TELEMETRY_DISABLED=true\n", false],
    ["TELEMETRY_DISABLED=1\n", false],
    ['TELEMETRY_DISABLED="true"\n', false],
    ["TELEMETRY_DISABLED=false\n", true],
    ["TELEMETRY_DISABLED=perhaps\n", false],
    ["# only a comment\n\n", true],
    ["not a line\n", false],
  ])("config %j -> enabled %s", async (text, enabled) => {
    expect(decideFor(await configPath(`${SHOWN}${text}`), {}).enabled).toBe(enabled);
  });

  it("names the saved choice of `telemetry on` as the reason, and keeps default for a user who never chose", async () => {
    const chose = await configPath(`${SHOWN}TELEMETRY_DISABLED=false\n`);
    expect(decideFor(chose, {})).toMatchObject({
      enabled: true,
      reason: `TELEMETRY_DISABLED=false in ${chose}`,
      source: "config",
    });
    expect(decideFor(await configPath(SHOWN), {})).toMatchObject({
      enabled: true,
      reason: "default",
      source: "default",
    });
  });

  it.each([
    [{ LOKI_TELEMETRY: "on" }, true, "LOKI_TELEMETRY=on", "env"],
    [{ LOKI_TELEMETRY: "off" }, false, "LOKI_TELEMETRY=off", "env"],
    [{ LOKI_TELEMETRY_DISABLED: "true" }, false, "LOKI_TELEMETRY_DISABLED=true", "env"],
    [{ DO_NOT_TRACK: "1" }, false, "DO_NOT_TRACK is set", "env"],
    [{ CI: "true" }, false, "CI detected; set LOKI_TELEMETRY=on to send from CI", "ci"],
  ])(
    "lets env %o win over a saved TELEMETRY_DISABLED=false",
    async (env, enabled, reason, source) => {
      const path = await configPath(`${SHOWN}TELEMETRY_DISABLED=false\n`);
      expect(decideFor(path, env)).toMatchObject({ enabled, reason, source });
    },
  );

  it("keeps the first run waiting over a saved TELEMETRY_DISABLED=false", async () => {
    const path = await configPath("TELEMETRY_DISABLED=false\n");
    expect(decideFor(path, {})).toMatchObject({ state: "first-run", source: "first-run" });
  });

  const LOCAL = {
    enabled: false,
    state: "local",
    reason:
      "reports are kept on this machine and nothing is sent: Loki Mode configures no endpoint to send them to",
    source: "host",
  };
  const NOTICE_OWED = {
    enabled: false,
    state: "first-run",
    reason: "the first-run notice has not been shown yet",
    source: "first-run",
  };
  it.each([
    ["its notice was shown", "DISCLOSURE_SHOWN=local\n", {}, LOCAL],
    ["the user turned it on", "DISCLOSURE_SHOWN=local\nTELEMETRY_DISABLED=false\n", {}, LOCAL],
    ["LOKI_TELEMETRY=on", "DISCLOSURE_SHOWN=local\n", { LOKI_TELEMETRY: "on" }, LOCAL],
    ["the full notice was shown when it had one", SHOWN, {}, LOCAL],
    ["its notice is still owed", "", {}, NOTICE_OWED],
    ["the user opted out", "DISCLOSURE_SHOWN=local\n", { DO_NOT_TRACK: "1" }, { state: "off" }],
  ])("answers a host with no endpoint when %s", async (_, text, env, expected) => {
    const path = await configPath(text);
    expect(decideFor(path, env, {})).toMatchObject(expected);
  });

  it("keeps a host that adds an endpoint waiting for its full notice after the no-endpoint one", async () => {
    const path = await configPath("DISCLOSURE_SHOWN=local\n");
    expect(decideFor(path, {})).toEqual(NOTICE_OWED);
  });

  it("lets an environment opt-out win over a config opt-in, and explains with the file name", async () => {
    const path = await configPath("TELEMETRY_DISABLED=true\n");
    expect(decideFor(path, { LOKI_TELEMETRY: "on" }).reason).toBe(
      `TELEMETRY_DISABLED=true in ${path}`,
    );
  });
});

describe("readClientEnv", () => {
  it.each([
    [{ CI: "1" }, true],
    [{ CI: "0" }, false],
    [{ CI: "false" }, false],
    [{ BUILDKITE: "true" }, true],
    [{}, false],
  ])("%o -> CI %s", (env, expected) => {
    expect(readClientEnv(env).ci).toBe(expected);
  });

  it("reads the CRASHFIX_* settings and names a bad timeout", () => {
    const read = readClientEnv({
      CRASHFIX_APP: "loki",
      CRASHFIX_ENDPOINT: "https://x.dev",
      CRASHFIX_REPO: "",
      CRASHFIX_TIMEOUT_MS: "soon",
    });
    expect(read.settings).toEqual({ app: "loki", endpoint: "https://x.dev" });
    expect(read.timeoutMs).toBe(10_000);
    expect(read.problems).toEqual([
      "CRASHFIX_TIMEOUT_MS must be a whole number of milliseconds (1-999999)",
    ]);
  });

  it.each([
    ["true", { autoFix: true }, []],
    ["false", { autoFix: false }, []],
    ["yes", {}, ["CRASHFIX_AUTO_FIX must be true or false"]],
  ])("reads CRASHFIX_AUTO_FIX=%s as a boolean or names it", (value, settings, problems) => {
    const read = readClientEnv({ CRASHFIX_AUTO_FIX: value });
    expect(read.settings).toEqual(settings);
    expect(read.problems).toEqual(problems);
  });

  it("takes the home folder from HOME, or USERPROFILE on Windows", () => {
    expect(readClientEnv({ HOME: "/h", USERPROFILE: "C:\\u" }, "linux").home).toBe("/h");
    expect(readClientEnv({ HOME: "/h", USERPROFILE: "C:\\u" }, "win32").home).toBe("C:\\u");
  });
});

describe("the config file", () => {
  it("parses KEY=VALUE, export, quotes and comments, and flags the lines it cannot parse", () => {
    const parsed = parseConfigText(
      "c",
      "# c\nA=1\nexport B='two words'\n  \nC=\"x\"\nbroken line\n",
    );
    expect(parsed.values).toEqual({ A: "1", B: "two words", C: "x" });
    expect(parsed.badLines).toEqual([6]);
  });

  it("reads Windows line ends as line ends; a lone carriage return stays in its line, which is then bad", () => {
    const parsed = parseConfigText("c", "A=1\r\nB=2\r\nC=x\ry\r\n");
    expect(parsed.lines).toEqual(["A=1", "B=2", "C=x\ry"]);
    expect(parsed.values).toEqual({ A: "1", B: "2" });
    expect(parsed.badLines).toEqual([3]);
  });

  it("rewrites one key in place, keeps every other line, drops duplicates of it", async () => {
    const path = await configPath(
      "# top\nA=1\nDISCLOSURE_SHOWN=false\nB=2\nDISCLOSURE_SHOWN=false\n",
    );
    updateUserConfigFile(path, { DISCLOSURE_SHOWN: "true", NEW: "x" });
    expect(await readFile(path, "utf8")).toBe("# top\nA=1\nDISCLOSURE_SHOWN=true\nB=2\nNEW=x\n");
    updateUserConfigFile(path, { NEW: undefined });
    expect(await readFile(path, "utf8")).toBe("# top\nA=1\nDISCLOSURE_SHOWN=true\nB=2\n");
  });

  it("creates a missing file with mode 0600", async () => {
    const path = await configPath();
    updateUserConfigFile(path, { TELEMETRY_DISABLED: "true" });
    const { stat } = await import("node:fs/promises");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});

describe("buildIssueUrl", () => {
  const report = {
    schema: "1",
    report_id: "0b6c5d2e-8a1f-4c3d-9e2f-1a2b3c4d5e6f",
    app: "loki",
    app_version: "1.0.0",
    error_class: "TypeError",
    fingerprint: "a".repeat(64),
  } as never;

  it("keeps the payload in the body when it fits", () => {
    const url = new URL(buildIssueUrl("acme/loki", report, '{"a":1}\n'));
    expect(url.searchParams.get("body")).toContain('{"a":1}');
  });

  it("falls back to a short body under the limit when the payload is huge", () => {
    const url = buildIssueUrl("acme/loki", report, "x".repeat(20_000));
    expect(url.length).toBeLessThanOrEqual(8000);
    expect(new URL(url).searchParams.get("body")).toMatch(/too long for a link/);
  });
});
