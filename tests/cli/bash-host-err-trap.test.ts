import { chmod, copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  baseEnv,
  installHost,
  makeSandbox,
  ROOT,
  run,
  type Sandbox,
  shellLib,
  writeConfig,
} from "./helpers.js";
import { readmeBashLines } from "./readme-block.js";

// crashfix.sh turns errtrace on, so that a failure inside a function reaches
// its ERR trap. The host's own ERR trap, which crashfix's runs after it, must
// still run exactly where it ran before: the same script, run with and without
// crashfix, writes the same lines from its traps, prints the same output and
// ends with the same status. The traps write to their own file, so crashfix's
// notice on stderr does not get in the way of the comparison.
const SCRIPT = `#!/usr/bin/env bash
if [[ -n "\${HOST_ERRTRACE:-}" ]]; then set -E; fi
trap 'echo "ERR status=$? line=$LINENO" >>"$TRAP_LOG"' ERR
trap 'echo "EXIT status=$?" >>"$TRAP_LOG"' EXIT
if [[ -n "\${NO_CRASHFIX:-}" ]]; then
  :
elif [[ -n "\${TRAPS_BY_FORK:-}" ]]; then
  # How crashfix.sh reads the traps where it cannot use /proc (macOS, old bash).
  source "\${BASH_SOURCE[0]%/*}/crashfix.sh"
  _crashfix_read_trap_text() { _crashfix_traps_by_fork; }
  crashfix_install
else
${readmeBashLines(ROOT)}
fi
do_work() { false; echo "do_work went on"; return 4; }
get_value() { grep -q nomatch /dev/null; echo value; }
outer() { do_work; }
case "$1" in
  function-fails) do_work; echo "after do_work"; exit 3 ;;
  errexit-in-function) set -e; do_work; echo "not reached" ;;
  captured-output) v=$(get_value); echo "v=[$v]" ;;
  substitution-fails) v=$(false; echo x); echo "v=[$v]"; exit 5 ;;
  subshell-fails) (false); echo "after the subshell" ;;
  top-level-fails) false; echo "after false"; exit 6 ;;
  nested) outer; echo "after outer"; exit 1 ;;
  sourced) source "\${BASH_SOURCE[0]%/*}/helper.sh"; echo "after source"; exit 7 ;;
  handled) do_work || true; if get_value; then :; fi; echo handled ;;
  pipefail) set -o pipefail; false | true; echo "after the pipe"; exit 8 ;;
  rematch) [[ abc =~ (b) ]]; false; echo "rematch=\${BASH_REMATCH[1]}"; exit 9 ;;
esac
`;

const HELPER = `echo "helper runs"
false
helper_fn() { false; }
helper_fn
`;

const MODES = [
  "function-fails",
  "errexit-in-function",
  "captured-output",
  "substitution-fails",
  "subshell-fails",
  "top-level-fails",
  "nested",
  "sourced",
  "handled",
  "pipefail",
  "rematch",
];

async function bashHost(): Promise<{ sandbox: Sandbox; script: string }> {
  const sandbox = await makeSandbox();
  await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
  await installHost(sandbox, "placeholder.mjs", "");
  const binDir = join(sandbox.project, "bin");
  await mkdir(binDir, { recursive: true });
  await copyFile(shellLib(), join(binDir, "crashfix.sh"));
  await writeFile(join(binDir, "helper.sh"), HELPER);
  const script = join(binDir, "tool.sh");
  await writeFile(script, SCRIPT);
  await chmod(script, 0o755);
  return { sandbox, script };
}

/** What the script's user and its traps see: status, stdout, and the traps' lines. */
async function runMode(
  sandbox: Sandbox,
  script: string,
  mode: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; traps: string }> {
  const trapLog = join(sandbox.root, `traps-${mode}-${env.NO_CRASHFIX ? "bare" : "crashfix"}.log`);
  await writeFile(trapLog, "");
  const result = await run("bash", [script, mode], {
    cwd: sandbox.project,
    env: baseEnv(sandbox, {
      CRASHFIX_APP: "loki",
      CRASHFIX_VERSION: "2.0.0",
      CRASHFIX_REPO: "acme/loki",
      TRAP_LOG: trapLog,
      ...env,
    }),
  });
  return { code: result.code, stdout: result.stdout, traps: await readFile(trapLog, "utf8") };
}

describe.each([
  { errtrace: "off", env: {} },
  { errtrace: "on (set -E before crashfix.sh)", env: { HOST_ERRTRACE: "1" } },
  { errtrace: "off, its traps read by a fork", env: { TRAPS_BY_FORK: "1" } },
])("a bash host's own ERR trap with errtrace $errtrace", ({ env }) => {
  it("runs where, and as often as, it runs without crashfix", async () => {
    const { sandbox, script } = await bashHost();
    for (const mode of MODES) {
      const bare = await runMode(sandbox, script, mode, { ...env, NO_CRASHFIX: "1" });
      const withCrashfix = await runMode(sandbox, script, mode, env);
      expect({ mode, ...withCrashfix }).toEqual({ mode, ...bare });
    }
  }, 60_000);
});

describe("the comparison above", () => {
  it("tells the two apart: without errtrace, a function's failure does not reach the host's trap", async () => {
    // Guards the test itself: were the host's trap run inside functions, the
    // two runs of these modes would differ (bash prints the ERR line twice for
    // `nested`, once from inside do_work).
    const { sandbox, script } = await bashHost();
    const bare = await runMode(sandbox, script, "nested", { NO_CRASHFIX: "1" });
    const everywhere = await runMode(sandbox, script, "nested", {
      NO_CRASHFIX: "1",
      HOST_ERRTRACE: "1",
    });
    expect(bare.traps).not.toEqual(everywhere.traps);
    expect(bare.traps.match(/^ERR/gm)).toHaveLength(1);
  });
});

// Two runs of one script at once: each must chain its own traps. crashfix
// read the host's traps through one file in the state folder, and runs at
// once read each other's half-written text: a trap lost, run twice, or
// another run's run.
const CONCURRENT = `#!/usr/bin/env bash
trap 'echo "ERR $$" >>"$TRAP_LOG"' ERR
trap 'echo "EXIT $$" >>"$TRAP_LOG"' EXIT
${readmeBashLines(ROOT)}
false
echo "ran $$"
`;

describe("runs of one bash host at once", () => {
  it("each run its own ERR and EXIT trap, once", async () => {
    const { sandbox } = await bashHost();
    const script = join(sandbox.project, "bin", "at-once.sh");
    await writeFile(script, CONCURRENT);
    const runs = 40;
    const logs = Array.from({ length: runs }, (_, i) => join(sandbox.root, `at-once-${i}.log`));
    const results = await Promise.all(
      logs.map((log) =>
        run("bash", [script], {
          cwd: sandbox.project,
          env: baseEnv(sandbox, {
            CRASHFIX_APP: "loki",
            CRASHFIX_VERSION: "2.0.0",
            CRASHFIX_REPO: "acme/loki",
            TRAP_LOG: log,
          }),
        }),
      ),
    );
    for (const [i, result] of results.entries()) {
      expect(result).toMatchObject({ code: 0, stderr: "" });
      const pid = /^ran (\d+)$/m.exec(result.stdout)?.[1];
      expect(await readFile(logs[i] as string, "utf8")).toBe(`ERR ${pid}\nEXIT ${pid}\n`);
    }
  }, 60_000);
});
