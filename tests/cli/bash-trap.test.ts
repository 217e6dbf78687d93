import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  assertBuilt,
  baseEnv,
  bin,
  makeSandbox,
  reportFiles,
  run,
  type Sandbox,
  SECRETS,
  SHELL_LIB,
  writeConfig,
} from "./helpers.js";

beforeAll(assertBuilt);

// A loki-style bash CLI: a failing command deep in functions, with a token
// on its command line. Its text must never reach the report.
const SCRIPT = `#!/usr/bin/env bash
# The host's own EXIT trap, set first: crashfix_install keeps it and runs it after its own.
trap 'echo "host cleanup ran" >&2' EXIT
source "$CRASHFIX_SH"
crashfix_install

fetch_plan() {
  CRASHFIX_PHASE=REASON
  curl_like --token "${SECRETS.token}" "https://${SECRETS.email}@example.com"
}
run_iteration() { fetch_plan; }
curl_like() { return 7; }
abort_run() { exit 6; }

case "$1" in
  fail) run_iteration; exit $? ;;
  handled) curl_like || echo "handled" ; exit 0 ;;
  missing) set -e; no_such_command_${SECRETS.project} ;;
  interrupted) exit 130 ;;
  aborted) abort_run ;;
esac
`;

async function runScript(sandbox: Sandbox, mode: string, env: Record<string, string> = {}) {
  const script = join(sandbox.project, "loki.sh");
  await writeFile(script, SCRIPT);
  return run("bash", [script, mode], {
    cwd: sandbox.project,
    env: baseEnv(sandbox, {
      CRASHFIX_SH: SHELL_LIB,
      CRASHFIX_BIN: bin(),
      CRASHFIX_APP: "loki",
      CRASHFIX_VERSION: "2.0.0",
      CRASHFIX_REPO: "acme/loki",
      ...env,
    }),
  });
}

async function shown(): Promise<Sandbox> {
  const sandbox = await makeSandbox();
  await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
  return sandbox;
}

describe("cli/crashfix.sh in a real bash script", () => {
  it("captures a nonzero exit with class, phase and function names, never the command text", async () => {
    const sandbox = await shown();
    const result = await runScript(sandbox, "fail");
    expect(result.code).toBe(7);
    expect(result.stderr).toContain("host cleanup ran");
    expect(result.stderr).toContain("loki crash show");
    const [file] = await reportFiles(sandbox.crashDir);
    const text = await readFile(join(sandbox.crashDir, file as string), "utf8");
    const report = JSON.parse(text);
    expect(report).toMatchObject({
      error_class: "NonZeroExit",
      exit_code: 7,
      phase: "REASON",
      app_version: "2.0.0",
    });
    expect(report.stack_signature.slice(0, 3)).toEqual(["fetch_plan", "run_iteration", "main"]);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(text).not.toContain("--token");
  });

  it("classifies a missing command as CommandNotFound (127)", async () => {
    const sandbox = await shown();
    const result = await runScript(sandbox, "missing");
    expect(result.code).toBe(127);
    const [file] = await reportFiles(sandbox.crashDir);
    const text = await readFile(join(sandbox.crashDir, file as string), "utf8");
    expect(JSON.parse(text).error_class).toBe("CommandNotFound");
    expect(text).not.toContain(SECRETS.project);
  });

  it("names the functions that called exit when no ERR fired, in one line on CI", async () => {
    const sandbox = await shown();
    const result = await runScript(sandbox, "aborted", { CI: "true" });
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(
      /^loki: crash report saved to \.loki\/crash\/\S+\.json \(loki crash show [0-9a-f]{8}\)\nhost cleanup ran\n$/,
    );
    const [file] = await reportFiles(sandbox.crashDir);
    const report = JSON.parse(await readFile(join(sandbox.crashDir, file as string), "utf8"));
    expect(report.stack_signature).toEqual(["abort_run", "main"]);
    expect(report.exit_code).toBe(6);
  });

  it.each(["handled", "interrupted"])("writes nothing for a %s run", async (mode) => {
    const sandbox = await shown();
    const result = await runScript(sandbox, mode);
    expect(result.code).toBe(mode === "handled" ? 0 : 130);
    expect(await reportFiles(sandbox.crashDir)).toEqual([]);
  });

  it("shows the first-run disclosure once", async () => {
    const sandbox = await makeSandbox();
    const first = await runScript(sandbox, "handled");
    expect(first.stderr).toContain("loki auto-creates the issues you hit at github.com/acme/loki");
    const second = await runScript(sandbox, "handled");
    expect(second.stderr).not.toContain("auto-creates");
  });

  it("keeps the report local and unqueued when the user opted out", async () => {
    const sandbox = await shown();
    await runScript(sandbox, "fail", { DO_NOT_TRACK: "1" });
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(1);
    expect(await reportFiles(sandbox.outboxDir)).toEqual([]);
  });
});
