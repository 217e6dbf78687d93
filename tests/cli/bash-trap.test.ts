import { existsSync } from "node:fs";
import { chmod, copyFile, mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import {
  baseEnv,
  hostConfig,
  installHost,
  literally,
  makeSandbox,
  onlyReport,
  ROOT,
  reportFiles,
  run,
  runBin,
  type Sandbox,
  SECRETS,
  shellLib,
  standaloneCommand,
  startHost,
  writeConfig,
} from "./helpers.js";
import { readmeBashLines } from "./readme-block.js";

// A loki-style bash CLI with its own ERR and EXIT traps, set before
// crashfix_install as the README says, and crashfix.sh vendored beside it.
// The crashfix command is found in the project's node_modules. A failing
// command deep in functions has a token on its command line; its text must
// never reach the report.
const SCRIPT = `#!/usr/bin/env bash
trap 'echo "host ERR trap: status $? at line $LINENO" >&2' ERR
trap 'echo "host cleanup ran" >&2' EXIT
${readmeBashLines(ROOT)}
fetch_plan() {
  CRASHFIX_PHASE=REASON
  curl_like --token "${SECRETS.token}" "https://${SECRETS.email}@example.com"
}
run_iteration() { fetch_plan; }
curl_like() { return 7; }
abort_run() { exit 6; }
ignores_a_failure() { curl_like; echo "went on" >/dev/null; }
recovers() { run_iteration; echo "retried" >/dev/null; }
exits_after_handling() { ignores_a_failure; exit 7; }
list_inputs() { ls /nonexistent-dir-crashfix; echo "not reached"; }
run_user_hook() { loki_hook; }

case "$1" in
  fail) run_iteration; exit $? ;;
  errexit) set -e; run_iteration; echo "not reached" ;;
  handled) curl_like || echo "handled" ; exit 0 ;;
  missing) set -e; no_such_command_${SECRETS.project} ;;
  usage) echo "usage: loki.sh fail|handled" >&2; exit 2 ;;
  usage-errexit) set -e; echo "usage: loki.sh fail|handled" >&2; exit 2 ;;
  missing-folder) set -e; ls /nonexistent-dir-crashfix; echo "not reached" ;;
  missing-folder-in-function) set -e; list_inputs ;;
  terminated-errexit) set -e; sh -c 'kill -TERM $$' ;;
  interrupted) exit 130 ;;
  aborted) abort_run ;;
  top-first) curl_like ;;
  top-second) (exit 7) ;;
  exit-after-first) curl_like; exit 3 ;;
  exit-after-second) (exit 7); exit 3 ;;
  exit-alone) exit 3 ;;
  unbound) set -u; echo "$NOT_SET_ANYWHERE" ;;
  home-phase) CRASHFIX_PHASE="$HOME/work"; exit 4 ;;
  exit-after-ignored) ignores_a_failure; exit 3 ;;
  same-exit-after-ignored) ignores_a_failure; exit 7 ;;
  same-exit-after-recovered) recovers; exit 7 ;;
  exit-in-function-after-ignored) exits_after_handling ;;
  failure-after-ignored)
    ignores_a_failure
    curl_like
    exit $? ;;
  help) crashfix_command crash --help; exit $? ;;
  child-env) echo "child sees CRASHFIX_FIRST_RUN=\${CRASHFIX_FIRST_RUN:-unset}" ;;
  user-hook) source "$HOME/.lokirc"; run_user_hook ;;
  own-lib) source "\${BASH_SOURCE[0]%/*}/lib.sh"; lib_fails ;;
  user-beside-link) source "$HOME/bin/lokirc.sh"; run_user_hook ;;
esac
`;

const HOST_ENV = { CRASHFIX_APP: "loki", CRASHFIX_VERSION: "2.0.0", CRASHFIX_REPO: "acme/loki" };

async function vendor(sandbox: Sandbox): Promise<string> {
  // node_modules/crashfix in the project, as the host's install gives it.
  await installHost(sandbox, "placeholder.mjs", "");
  const binDir = join(sandbox.project, "bin");
  await mkdir(binDir, { recursive: true });
  await copyFile(shellLib(), join(binDir, "crashfix.sh"));
  const script = join(binDir, "loki.sh");
  await writeFile(script, SCRIPT);
  await chmod(script, 0o755);
  return script;
}

async function runScript(sandbox: Sandbox, mode: string, env: Record<string, string> = {}) {
  return run("bash", [await vendor(sandbox), mode], {
    cwd: sandbox.project,
    env: baseEnv(sandbox, { ...HOST_ENV, ...env }),
  });
}

/** A stand-in for the crashfix command (CRASHFIX_BIN) that leaves `marker` behind if started. */
async function crashfixSpy(sandbox: Sandbox): Promise<{ spy: string; marker: string }> {
  const marker = join(sandbox.root, "crashfix-started");
  const spy = join(sandbox.root, "crashfix-spy");
  await writeFile(spy, `#!/bin/sh\ntouch ${marker}\n`);
  await chmod(spy, 0o755);
  return { spy, marker };
}

async function shown(): Promise<Sandbox> {
  const sandbox = await makeSandbox();
  await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
  return sandbox;
}

describe("crashfix.sh vendored into a bash CLI with its own traps", () => {
  it("captures a nonzero exit with class, phase and function names, never the command text", async () => {
    const sandbox = await shown();
    const result = await runScript(sandbox, "fail");
    expect(result.code).toBe(7);
    const { text, report } = await onlyReport(sandbox);
    expect(report).toMatchObject({
      error_class: "NonZeroExit",
      exit_code: 7,
      phase: "REASON",
      app_version: "2.0.0",
    });
    // The script's bash, not the Node that ran `crashfix capture`.
    expect(report.runtime).toEqual({ bash: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect((report.stack_signature as string[]).slice(0, 3)).toEqual([
      "fetch_plan",
      "run_iteration",
      "main",
    ]);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(text).not.toContain("--token");
    expect(result.stderr).toContain(`${standaloneCommand()} crash show`);
  });

  /** The line of the case arm that starts so, in SCRIPT. */
  const lineOf = (arm: string) => SCRIPT.split("\n").findIndex((line) => line.startsWith(arm)) + 1;

  /** Each mode's stack signature, one run in a fresh sandbox each, all ending with `code`. */
  async function signaturesOf(modes: string[], code: number): Promise<string[][]> {
    const signatures: string[][] = [];
    for (const mode of modes) {
      const sandbox = await shown();
      expect((await runScript(sandbox, mode)).code).toBe(code);
      const { report } = await onlyReport(sandbox);
      expect(report).toMatchObject({ error_class: "NonZeroExit", exit_code: code });
      signatures.push(report.stack_signature as string[]);
    }
    return signatures;
  }

  it("names a function of the user's own sourced file `user-code`, and the tool's own by name", async () => {
    const sandbox = await shown();
    // The user's rc file defines the hook the tool calls, and a helper of their own.
    await writeFile(
      join(sandbox.home, ".lokirc"),
      `loki_hook() { ${SECRETS.project}_rows; }\n${SECRETS.project}_rows() { ${SECRETS.project}_step; }\n${SECRETS.project}_step() { return 9; }\n`,
    );
    expect((await runScript(sandbox, "user-hook")).code).toBe(9);
    const { text, report } = await onlyReport(sandbox);
    expect(report.stack_signature).toEqual(["user-code", "run_user_hook", "main"]);
    expect(text).not.toContain(SECRETS.project);

    const tool = await shown();
    await mkdir(join(tool.project, "bin"), { recursive: true });
    await writeFile(
      join(tool.project, "bin", "lib.sh"),
      "lib_fails() { lib_step; }\nlib_step() { return 9; }\n",
    );
    expect((await runScript(tool, "own-lib")).code).toBe(9);
    expect((await onlyReport(tool)).report.stack_signature).toEqual(["lib_fails", "main"]);
  });

  it("run through a link, counts the user's files beside the link as the user's", async () => {
    const sandbox = await shown();
    const script = await vendor(sandbox);
    // ~/bin/loki links to the script; the user keeps a helper beside the link.
    await mkdir(join(sandbox.home, "bin"), { recursive: true });
    await symlink(script, join(sandbox.home, "bin", "loki"));
    await writeFile(
      join(sandbox.home, "bin", "lokirc.sh"),
      `loki_hook() { ${SECRETS.project}_rows; }\n${SECRETS.project}_rows() { ${SECRETS.project}_step; }\n${SECRETS.project}_step() { return 9; }\n`,
    );
    const result = await run("bash", [join(sandbox.home, "bin", "loki"), "user-beside-link"], {
      cwd: sandbox.project,
      env: baseEnv(sandbox, HOST_ENV),
    });
    expect(result.code).toBe(9);
    const { text, report } = await onlyReport(sandbox);
    expect(report.stack_signature).toEqual(["user-code", "run_user_hook", "main"]);
    expect(text).not.toContain(SECRETS.project);
  });

  it("tells two failures in top-level code apart by their line, which bash's `main` frame alone does not", async () => {
    expect(await signaturesOf(["top-first", "top-second"], 7)).toEqual([
      [`main:${lineOf("  top-first)")}`],
      [`main:${lineOf("  top-second)")}`],
    ]);
  });

  it("tells two top-level exits apart by the failure each follows, where the script turns it into its own code", async () => {
    // With no failure before it, or only one a function went on from,
    // bash gives an exit at the top level no line: it is signed by its code.
    expect(
      await signaturesOf(
        ["exit-after-first", "exit-after-second", "exit-alone", "exit-after-ignored"],
        3,
      ),
    ).toEqual([
      [`main:${lineOf("  exit-after-first)")}`],
      [`main:${lineOf("  exit-after-second)")}`],
      ["exit:3"],
      ["exit:3"],
    ]);
  });

  it("signs no exit with a failure that a function, or its caller, went on from, even with the same status", async () => {
    expect(
      await signaturesOf(
        [
          "same-exit-after-ignored",
          "same-exit-after-recovered",
          "exit-in-function-after-ignored",
          "failure-after-ignored",
        ],
        7,
      ),
    ).toEqual([
      ["exit:7"],
      ["exit:7"],
      ["exits_after_handling", "main"],
      [`main:${lineOf("  failure-after-ignored)") + 2}`],
    ]);
  });

  it("tells a top-level `exit 5` from a `set -u` unbound variable, which bash gives no line", async () => {
    expect(await signaturesOf(["exit-alone"], 3)).toEqual([["exit:3"]]);
    expect(await signaturesOf(["unbound"], 1)).toEqual([["exit:1"]]);
  });

  it("removes a home path from the phase the script sets, and counts it", async () => {
    const sandbox = await shown();
    const result = await runScript(sandbox, "home-phase");
    expect(result.code).toBe(4);
    const { text, report } = await onlyReport(sandbox);
    expect(report.phase).toBe("redacted");
    expect(report.redactions_count).toBeGreaterThan(0);
    expect(text).not.toContain(SECRETS.user);
  });

  it.each([
    ["a relative symlink, as npm's node_modules/.bin", "../../bin/loki.sh"],
    ["an absolute symlink, as a global install's bin", "absolute"],
  ])("finds crashfix.sh when the script runs through %s", async (_how, target) => {
    const sandbox = await shown();
    const script = await vendor(sandbox);
    const binDir = join(sandbox.project, "node_modules", ".bin");
    await mkdir(binDir, { recursive: true });
    await symlink(target === "absolute" ? script : target, join(binDir, "loki"));
    const result = await run(join(binDir, "loki"), ["fail"], {
      cwd: sandbox.project,
      env: baseEnv(sandbox, HOST_ENV),
    });
    expect(result.code).toBe(7);
    expect(result.stderr).not.toMatch(/No such file/);
    expect((await onlyReport(sandbox)).report.stack_signature).toEqual([
      "fetch_plan",
      "run_iteration",
      "main",
    ]);
  });

  it("keeps the host's ERR trap, with `$?` and the line of the failure, and its EXIT trap", async () => {
    const sandbox = await shown();
    const result = await runScript(sandbox, "fail");
    // As without crashfix, whose errtrace lets its own ERR trap see the
    // failure inside fetch_plan: the host's, set without errtrace, runs once,
    // where run_iteration's failure reaches the top-level code.
    const failing = SCRIPT.split("\n").findIndex((line) => line.startsWith("  fail)")) + 1;
    expect(result.stderr).toMatch(new RegExp(`^host ERR trap: status 7 at line ${failing}\n`));
    expect(result.stderr.match(/host ERR trap: status 7/g)).toHaveLength(1);
    expect(result.stderr.trimEnd().split("\n").at(-1)).toBe("host cleanup ran");
  });

  it("ends a `set -e` script as bash would, with the host's traps run as bash runs them", async () => {
    const sandbox = await shown();
    const result = await runScript(sandbox, "errexit");
    expect(result.code).toBe(7);
    expect(result.stdout).toBe("");
    // set -e ends the script inside run_iteration, where bash does not run
    // an ERR trap set without errtrace; the EXIT trap runs.
    expect(result.stderr).not.toContain("host ERR trap");
    expect(result.stderr.trimEnd().split("\n").at(-1)).toBe("host cleanup ran");
    expect((await onlyReport(sandbox)).report.exit_code).toBe(7);
  });

  it("classifies a missing command as CommandNotFound (127)", async () => {
    const sandbox = await shown();
    const result = await runScript(sandbox, "missing");
    expect(result.code).toBe(127);
    const { text, report } = await onlyReport(sandbox);
    expect(report.error_class).toBe("CommandNotFound");
    expect(text).not.toContain(SECRETS.project);
  });

  it("names the functions that called exit when no ERR fired, in one line on CI", async () => {
    const sandbox = await shown();
    const result = await runScript(sandbox, "aborted", { CI: "true" });
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(
      new RegExp(
        `^loki: crash report saved to \\.loki/crash/\\S+\\.json \\(${literally(standaloneCommand())} crash show [0-9a-f]{8}\\)\nhost cleanup ran\n$`,
      ),
    );
    const { report } = await onlyReport(sandbox);
    expect(report.stack_signature).toEqual(["abort_run", "main"]);
  });

  it.each([
    ["handled", 0],
    ["usage", 2],
    ["usage-errexit", 2],
    ["interrupted", 130],
    ["terminated-errexit", 143],
  ])("writes nothing for a %s run (exit %i)", async (mode, code) => {
    const sandbox = await shown();
    const result = await runScript(sandbox, mode);
    expect(result.code).toBe(code);
    expect(await reportFiles(sandbox.crashDir)).toEqual([]);
  });

  it.each([
    // The host's ERR trap runs where it ran without crashfix: in top-level code only.
    { mode: "missing-folder", signature: [`main:${lineOf("  missing-folder)")}`], hostErr: true },
    { mode: "missing-folder-in-function", signature: ["list_inputs", "main"], hostErr: false },
  ])(
    "reports status 2 that `set -e` passed on from a failed command ($mode): a failure, not a usage error",
    async ({ mode, signature, hostErr }) => {
      const sandbox = await shown();
      const result = await runScript(sandbox, mode);
      expect(result.code).toBe(2);
      expect(result.stderr).not.toContain("not reached");
      expect(/host ERR trap: status 2 at line \d+\n/.test(result.stderr)).toBe(hostErr);
      expect(result.stderr).toContain("host cleanup ran\n");
      const { report } = await onlyReport(sandbox);
      expect(report).toMatchObject({ error_class: "NonZeroExit", exit_code: 2 });
      expect(report.stack_signature).toEqual(signature);
    },
  );

  it("takes its list of exit codes that are not crashes from CRASHFIX_IGNORE_EXIT_CODES", async () => {
    const sandbox = await shown();
    const result = await runScript(sandbox, "usage", { CRASHFIX_IGNORE_EXIT_CODES: "130" });
    expect(result.code).toBe(2);
    expect((await onlyReport(sandbox)).report).toMatchObject({ exit_code: 2 });
  });

  const QUEUED_NAME = "0123456789abcdef-20261206T101010Z-0123abcd.json";
  it.each([
    { outbox: "empty", files: [], starts: false },
    // A cloned repository's file that is no report would start a send at every run.
    { outbox: "holding another .json", files: ["notes.json"], starts: false },
    { outbox: "holding a queued report", files: [QUEUED_NAME], starts: true },
  ])(
    "on a successful run after the first, with the outbox $outbox, starts Node only to send a queued report",
    async ({ files, starts }) => {
      const sandbox = await shown();
      await mkdir(sandbox.outboxDir, { recursive: true });
      for (const name of files) await writeFile(join(sandbox.outboxDir, name), "{}\n");
      // A `node` that leaves a mark, first on PATH: crashfix.sh starts Node only through it.
      const fake = join(sandbox.root, "fake-bin");
      await mkdir(fake, { recursive: true });
      const mark = join(sandbox.root, "node-was-started");
      await writeFile(join(fake, "node"), `#!/bin/sh\ntouch "${mark}"\nexit 0\n`);
      await chmod(join(fake, "node"), 0o755);
      const result = await runScript(sandbox, "handled", {
        PATH: `${fake}:${process.env.PATH ?? ""}`,
      });
      expect(result.code).toBe(0);
      // The send starts in the background: give it the time a start takes.
      const started = () =>
        readFile(mark).then(
          () => true,
          () => false,
        );
      if (starts) await vi.waitFor(async () => expect(await started()).toBe(true));
      else {
        // As long as a start that did begin takes to show, then none may have.
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(await started()).toBe(false);
      }
    },
  );

  it("shows the first-run notice once, and marks the script's children as part of the first run", async () => {
    const sandbox = await makeSandbox();
    const first = await runScript(sandbox, "child-env");
    expect(first.stderr).toMatch(/^loki saves a crash report on this machine/);
    expect(first.stdout).toBe("child sees CRASHFIX_FIRST_RUN=loki\n");
    const second = await runScript(sandbox, "child-env");
    expect(second.stderr).toBe("host cleanup ran\n");
    expect(second.stdout).toBe("child sees CRASHFIX_FIRST_RUN=unset\n");
  });

  it.each([
    { optOut: "DO_NOT_TRACK=1", env: { DO_NOT_TRACK: "1" } },
    { optOut: "LOKI_TELEMETRY=off", env: { LOKI_TELEMETRY: "off" } },
  ])(
    "after an opted-out first run ($optOut), shows the full notice on the first run without the opt-out",
    async ({ env }) => {
      const sandbox = await makeSandbox();
      const sends = {
        CRASHFIX_ENDPOINT: "https://crash.acme.example",
        CRASHFIX_PRIVACY_URL: "https://acme.example/privacy",
      };
      const off = await runScript(sandbox, "child-env", { ...sends, ...env });
      expect(off.stderr).toMatch(/^loki saves a crash report on this machine/);
      expect(off.stderr).toContain("Collection is off on this machine");
      // Still opted out: bash sees it and starts no process for the notice.
      const { spy, marker } = await crashfixSpy(sandbox);
      const offAgain = await runScript(sandbox, "child-env", {
        ...sends,
        ...env,
        CRASHFIX_BIN: spy,
      });
      expect(offAgain.stderr).toBe("host cleanup ran\n");
      expect(existsSync(marker)).toBe(false);
      const on = await runScript(sandbox, "child-env", sends);
      expect(on.stderr).toMatch(/^loki reports the crashes you hit/);
      expect(on.stdout).toBe("child sees CRASHFIX_FIRST_RUN=loki\n");
      const after = await runScript(sandbox, "child-env", sends);
      expect(after.stderr).toBe("host cleanup ran\n");
      expect(after.stdout).toBe("child sees CRASHFIX_FIRST_RUN=unset\n");
    },
  );

  it("after the no-endpoint notice, starts no process while the host sends nowhere, and shows the full notice once it has an endpoint", async () => {
    const sandbox = await makeSandbox();
    const local = await runScript(sandbox, "child-env");
    expect(local.stderr).toContain("Reports stay on this machine; nothing is sent.");
    const { spy, marker } = await crashfixSpy(sandbox);
    const again = await runScript(sandbox, "child-env", { CRASHFIX_BIN: spy });
    expect(again.stderr).toBe("host cleanup ran\n");
    expect(existsSync(marker)).toBe(false);
    const sends = {
      CRASHFIX_ENDPOINT: "https://crash.acme.example",
      CRASHFIX_PRIVACY_URL: "https://acme.example/privacy",
    };
    const on = await runScript(sandbox, "child-env", sends);
    expect(on.stderr).toMatch(/^loki reports the crashes you hit/);
    expect(on.stdout).toBe("child sees CRASHFIX_FIRST_RUN=loki\n");
  });

  it("joins a first run a Node process of the app still holds, though its notice is recorded, and leaves it as it ends", async () => {
    const sandbox = await makeSandbox();
    const sends = {
      CRASHFIX_ENDPOINT: "https://crash.acme.example",
      CRASHFIX_PRIVACY_URL: "https://acme.example/privacy",
    };
    const gate = join(sandbox.root, "gate");
    const node = await startHost(sandbox, "gate-ok", {
      config: hostConfig({ endpoint: sends.CRASHFIX_ENDPOINT }),
      env: { HOST_GATE: gate },
    });
    await vi.waitFor(() => expect(existsSync(`${gate}.ready.${node.pid}`)).toBe(true), {
      timeout: 15_000,
    });
    const firstRun = join(sandbox.stateDir, "first-run");
    expect(await readFile(sandbox.configFile, "utf8")).toContain("DISCLOSURE_SHOWN=true");

    const beside = await runScript(sandbox, "child-env", sends);
    expect(beside.stderr).toBe("host cleanup ran\n");
    expect(beside.stdout).toBe("child sees CRASHFIX_FIRST_RUN=loki\n");
    expect(await readdir(firstRun)).toEqual([String(node.pid)]);

    await writeFile(gate, "");
    expect((await node.done).code).toBe(0);
    expect(existsSync(firstRun)).toBe(false);
    const after = await runScript(sandbox, "child-env", sends);
    expect(after.stdout).toBe("child sees CRASHFIX_FIRST_RUN=unset\n");
  });

  it("says the CLI tries to auto-resolve crashes only when CRASHFIX_AUTO_FIX=true", async () => {
    const sends = {
      CRASHFIX_ENDPOINT: "https://crash.acme.example",
      CRASHFIX_PRIVACY_URL: "https://acme.example/privacy",
    };
    const plain = await runScript(await makeSandbox(), "ok", sends);
    expect(plain.stderr).toMatch(/^loki reports the crashes you hit/);
    expect(plain.stderr).not.toMatch(/auto-resolve/);
    const autoFix = await runScript(await makeSandbox(), "ok", {
      ...sends,
      CRASHFIX_AUTO_FIX: "true",
    });
    expect(autoFix.stderr.replace(/\n/g, " ")).toMatch(/and loki tries to auto-resolve them/);
  });

  it("gives the help of the commands a script mounts in the script's name (CRASHFIX_COMMAND)", async () => {
    const sandbox = await shown();
    const result = await runScript(sandbox, "help", { CRASHFIX_COMMAND: "loki" });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: loki crash\|telemetry/);
    expect(result.stdout).toContain("LOKI_TELEMETRY=off");
    expect(result.stdout).not.toMatch(/^\s+(?:capture|start|shell-path|doctor)\b|--app\b/m);
  });

  it("without CRASHFIX_COMMAND, gives that help in the words the crash notice uses, not crashfix's own usage", async () => {
    const sandbox = await shown();
    const result = await runScript(sandbox, "help");
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(`Usage: ${standaloneCommand()} crash|telemetry ...`)).toBe(
      true,
    );
    expect(result.stdout).toContain("LOKI_TELEMETRY=off");
    expect(result.stdout).not.toMatch(/^Usage: crashfix|^\s+(?:capture|start|shell-path)\b/m);
    const crash = await runScript(sandbox, "fail");
    expect(crash.stderr).toContain(`${standaloneCommand()} crash show`);
  });

  // As a Node host's start does (tests/cli/opt-out.test.ts): a successful
  // run under an opt-out variable records its time without starting a
  // process, so a report queued before it is not sent once the variable is gone.
  it("records a run under DO_NOT_TRACK, so a report queued before it is withdrawn afterwards", async () => {
    const sandbox = await shown();
    const sends = {
      CRASHFIX_ENDPOINT: "https://crash.acme.example",
      CRASHFIX_PRIVACY_URL: "https://acme.example/privacy",
    };
    await runScript(sandbox, "fail", sends);
    expect(await reportFiles(sandbox.outboxDir)).toHaveLength(1);
    const elsewhere = { ...sandbox, project: join(sandbox.root, "elsewhere") };
    await mkdir(elsewhere.project, { recursive: true });
    const { spy, marker: started } = await crashfixSpy(sandbox);
    const run = await runScript(elsewhere, "handled", {
      ...sends,
      DO_NOT_TRACK: "1",
      CRASHFIX_BIN: spy,
    });
    expect(run).toMatchObject({ code: 0, stderr: "host cleanup ran\n" });
    expect(existsSync(started)).toBe(false);
    expect(await readFile(join(sandbox.stateDir, "opt-out-seen"), "utf8")).toBe("");
    const submit = await runBin(["--app", "loki", "crash", "submit"], sandbox, sends);
    expect(submit).toMatchObject({
      code: 1,
      stderr:
        "1 report kept on this machine while collection was off or no endpoint was set is not sent; name it or use --all\n",
    });
    expect(await reportFiles(sandbox.outboxDir)).toEqual([]);
  });

  it("keeps the report local and unqueued when the user opted out", async () => {
    const sandbox = await shown();
    await runScript(sandbox, "fail", {
      DO_NOT_TRACK: "1",
      CRASHFIX_ENDPOINT: "https://crash.acme.example",
      CRASHFIX_PRIVACY_URL: "https://acme.example/privacy",
    });
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(1);
    expect(await reportFiles(sandbox.outboxDir)).toEqual([]);
  });

  it.each(["fail", "errexit"])(
    "%s where the project's .loki is a file: the script's status and traps as before, and one line that says why no report was saved",
    async (mode) => {
      const sandbox = await shown();
      await writeFile(join(sandbox.project, ".loki"), "the script's own file\n");
      const result = await runScript(sandbox, mode);
      expect(result.code).toBe(7);
      const lines = result.stderr.trimEnd().split("\n");
      expect(lines.at(-1)).toBe("host cleanup ran");
      // The same line a Node host prints (tests/cli/capture-process.test.ts).
      const said = lines.filter((line) => line.includes("could not be saved"));
      expect(said).toEqual([
        `loki: a crash report could not be saved: .loki is a file, not a folder; details: ${standaloneCommand()} crash doctor`,
      ]);
      expect(result.stderr).not.toMatch(/crashfix\.js:\d|\n\s+at /);
      expect(await readFile(join(sandbox.project, ".loki"), "utf8")).toBe(
        "the script's own file\n",
      );
    },
  );

  it("says once how to fix it when the crashfix command cannot be found, and sets off no trap of the host's", async () => {
    // A first run (no notice recorded yet), which asks for the command at the start too.
    const sandbox = await makeSandbox();
    const script = await vendor(sandbox);
    const alone = join(sandbox.root, "alone");
    await mkdir(alone, { recursive: true });
    await copyFile(join(sandbox.project, "bin", "crashfix.sh"), join(alone, "crashfix.sh"));
    await copyFile(script, join(alone, "loki.sh"));
    const missing =
      "crashfix.sh: cannot find the crashfix command: install the crashfix package beside your CLI or set CRASHFIX_BIN";
    for (const [mode, code] of [
      ["fail", 7],
      ["ok", 0],
    ] as const) {
      const result = await run("bash", [join(alone, "loki.sh"), mode], {
        cwd: alone,
        env: baseEnv(sandbox, { ...HOST_ENV, PATH: "/usr/bin:/bin" }),
      });
      expect(result.code, mode).toBe(code);
      expect(result.stderr.split(missing), mode).toHaveLength(2);
      expect(result.stderr, mode).not.toMatch(/host ERR trap: status 127/);
      expect(result.stderr.trimEnd().split("\n").at(-1), mode).toBe("host cleanup ran");
    }
  });
});

describe("crashfix.sh's test of which files are the tool's", () => {
  // The functions crashfix_install sets up, called on their own.
  async function toolFiles(setup: string, files: string[]): Promise<string[]> {
    const script = `source "$1"; shift
${setup}
for file in "$@"; do if _crashfix_tool_file "$file"; then echo "tool $file"; else echo "user $file"; fi; done`;
    const result = await run("bash", ["-c", script, "bash", shellLib(), ...files], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: "/home/alice" },
    });
    expect(result.code).toBe(0);
    return result.stdout.trim().split("\n");
  }

  it("counts the main script's folder and node_modules as the tool's (not a dot folder there), never the home folder", async () => {
    expect(
      await toolFiles(
        '_crashfix_main=/home/alice/bin/loki; _crashfix_add_tool_dir /home/alice/bin; _crashfix_add_tool_dir "$HOME"; _crashfix_add_tool_dir /',
        [
          "/home/alice/bin/loki",
          "/home/alice/bin/lib/steps.sh",
          "/home/alice/.lokirc",
          "/home/alice/work/node_modules/loki/lib.sh",
          "/home/alice/work/node_modules/.cache/hooks.sh",
          "/home/alice/work/node_modules/.cache/node_modules/loki/lib.sh",
          "/etc/profile",
        ],
      ),
    ).toEqual([
      "tool /home/alice/bin/loki",
      "tool /home/alice/bin/lib/steps.sh",
      "user /home/alice/.lokirc",
      "tool /home/alice/work/node_modules/loki/lib.sh",
      "user /home/alice/work/node_modules/.cache/hooks.sh",
      "tool /home/alice/work/node_modules/.cache/node_modules/loki/lib.sh",
      "user /etc/profile",
    ]);
  });

  it("resolves `.` and `..` in a file's path before it judges it: a user's file reached through the tool's folder", async () => {
    const bin = "/home/alice/proj/node_modules/btool/bin";
    expect(
      await toolFiles(`_crashfix_main=${bin}/btool; _crashfix_add_tool_dir ${bin}/../bin/.`, [
        `${bin}/../../../btool.rc.sh`,
        `${bin}/../lib/./steps.sh`,
        `${bin}/./helpers.sh`,
        "/home/alice/proj/lib/../node_modules/.cache/../x/y.sh",
      ]),
    ).toEqual([
      `user ${bin}/../../../btool.rc.sh`,
      `tool ${bin}/../lib/./steps.sh`,
      `tool ${bin}/./helpers.sh`,
      "tool /home/alice/proj/lib/../node_modules/.cache/../x/y.sh",
    ]);
  });

  it("counts only the script itself when it is kept in the home folder", async () => {
    expect(
      await toolFiles('_crashfix_main="$HOME/loki.sh"; _crashfix_add_tool_dir "$HOME"', [
        "/home/alice/loki.sh",
        "/home/alice/.lokirc",
        "/home/alice/plugins/mine.sh",
      ]),
    ).toEqual([
      "tool /home/alice/loki.sh",
      "user /home/alice/.lokirc",
      "user /home/alice/plugins/mine.sh",
    ]);
  });

  it("reads a folder the script names relatively both as given and from the working folder", async () => {
    expect(
      await toolFiles(
        "cd /tmp; _crashfix_main=./bin/loki; _crashfix_add_tool_dir ./bin; _crashfix_add_tool_dir bin",
        ["./bin/lib.sh", "bin/lib.sh", "/tmp/bin/lib.sh", "./other/lib.sh"],
      ),
    ).toEqual([
      "tool ./bin/lib.sh",
      "tool bin/lib.sh",
      "tool /tmp/bin/lib.sh",
      "user ./other/lib.sh",
    ]);
  });

  it("never counts `./` files as the tool's for a script run from its own folder (a later cd moves `.`)", async () => {
    expect(
      await toolFiles("cd /tmp; _crashfix_main=./loki; _crashfix_add_tool_dir .", [
        "./loki",
        "/tmp/lib.sh",
        "./.toolrc",
      ]),
    ).toEqual(["tool ./loki", "tool /tmp/lib.sh", "user ./.toolrc"]);
  });
});
