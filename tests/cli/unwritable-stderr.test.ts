import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  baseEnv,
  installHost,
  makeSandbox,
  reportFiles,
  run,
  runHost,
  type Sandbox,
  type UnwritableStderr,
  writeConfig,
} from "./helpers.js";

// A notice crashfix cannot write (stderr a pipe whose reader has gone, or a
// full device) is its own failure: the host ends as it does without
// crashfix, nothing of crashfix's is reported as the host's crash, and a
// notice nobody saw is not recorded as shown.

const NOTICE = "Loki Mode saves a crash report";

async function reports(sandbox: Sandbox): Promise<Record<string, unknown>[]> {
  const files = await reportFiles(sandbox.crashDir);
  return Promise.all(
    files.map(async (name) => JSON.parse(await readFile(join(sandbox.crashDir, name), "utf8"))),
  );
}

async function recordedNotice(sandbox: Sandbox): Promise<string | undefined> {
  const text = await readFile(sandbox.configFile, "utf8").catch(() => "");
  return /^DISCLOSURE_SHOWN=(.*)$/m.exec(text)?.[1];
}

const kinds: UnwritableStderr[] = ["closed-pipe", "full-device"];

describe.skipIf(!existsSync("/dev/full"))("a host whose stderr cannot be written", () => {
  describe.each(kinds)("stderr a %s", (stderr) => {
    it.each([
      { mode: "ok", notice: "first-run", code: 0, reported: [] },
      { mode: "exit3", notice: "first-run", code: 3, reported: ["NonZeroExit"] },
      { mode: "throw", notice: "first-run", code: 1, reported: ["TypeError"] },
      { mode: "throw", notice: "crash", code: 1, reported: ["TypeError"] },
      { mode: "exit3", notice: "crash", code: 3, reported: ["NonZeroExit"] },
    ])(
      "$mode with the $notice notice ends as without crashfix and reports only the host's failure",
      async ({ mode, notice, code, reported }) => {
        const sandbox = await makeSandbox();
        if (notice === "crash") await writeConfig(sandbox, "DISCLOSURE_SHOWN=local\n");
        const bare = await runHost(sandbox, mode, { bare: true, stderr });
        const withCrashfix = await runHost(sandbox, mode, { stderr });

        expect(bare.code).toBe(code);
        expect(withCrashfix.code).toBe(code);
        expect(withCrashfix.stdout).toBe(bare.stdout);
        expect(withCrashfix.stderr).toBe("");
        expect((await reports(sandbox)).map((report) => report.error_class)).toEqual(reported);
        if (notice === "first-run") expect(await recordedNotice(sandbox)).toBeUndefined();
      },
    );

    it("a first-run notice nobody saw is shown, and recorded, on the next run", async () => {
      const sandbox = await makeSandbox();
      await runHost(sandbox, "ok", { stderr });
      expect(await recordedNotice(sandbox)).toBeUndefined();

      const next = await runHost(sandbox, "ok");
      expect(next.stderr).toContain(NOTICE);
      expect(await recordedNotice(sandbox)).toBe("local");
    });

    it("the host's own write to it fails as it does without crashfix", async () => {
      const sandbox = await makeSandbox();
      await writeConfig(sandbox, "DISCLOSURE_SHOWN=local\n");
      const bare = await runHost(sandbox, "stderr-then-ok", { bare: true, stderr });
      const withCrashfix = await runHost(sandbox, "stderr-then-ok", { stderr });

      // Node crashes on the unhandled 'error' of the host's write.
      expect(bare.code).toBe(1);
      expect(withCrashfix.code).toBe(1);
      expect(withCrashfix.stdout).toBe(bare.stdout);
      // The host's crash, reported as any other.
      const failure = stderr === "closed-pipe" ? "EPIPE" : "ENOSPC";
      expect((await reports(sandbox)).map((report) => report.error_class)).toEqual([failure]);
    });
  });
});

// Node makes a pipe it writes to non-blocking, so when the reader lags a
// direct write answers EAGAIN: the notice then waits in process.stderr's queue.
const FILLS_THE_PIPE_FIRST = `
import { createCrashReporter } from "crashfix";
process.stdout.write("a".repeat(200_000));
createCrashReporter({ app: "loki", version: "1.4.2", repo: "acme/loki", displayName: "Loki Mode" }).install();
process.stdout.write("\\nend\\n");
`;

describe("a host whose stderr is a full pipe", () => {
  it("shows the first-run notice once the reader catches up, and records it", async () => {
    const sandbox = await makeSandbox();
    const script = await installHost(sandbox, "fills-the-pipe.mjs", FILLS_THE_PIPE_FIRST);
    const result = await run(
      "bash",
      ["-c", '"$1" "$0" 2>&1 | (sleep 0.5; cat)', script, process.execPath],
      {
        cwd: sandbox.project,
        env: baseEnv(sandbox),
      },
    );

    expect(result.code).toBe(0);
    expect(result.stdout.match(/saves a crash report/g)).toHaveLength(1);
    expect(result.stdout).toContain("\nend\n");
    expect(await recordedNotice(sandbox)).toBe("local");
    expect(await reportFiles(sandbox.crashDir)).toEqual([]);
  });
});
