import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandEnv, runCommand } from "../../actions/agent/run-command.js";
import { isAlive as alive } from "./helpers/process.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "crashfix-run-command-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const quiet = () => {};

describe("runCommand", () => {
  it("reports the exit code and keeps the tail of the output", async () => {
    const result = await runCommand({
      command: "echo out; echo err >&2; exit 7",
      cwd: dir,
      env: { PATH: process.env.PATH ?? "" },
      timeoutMs: 20_000,
      write: quiet,
    });
    expect(result).toMatchObject({ exitCode: 7, timedOut: false });
    expect(result.outputTail).toContain("out");
    expect(result.outputTail).toContain("err");
  });

  it("kills the whole process group when the time limit passes", async () => {
    const pidFile = join(dir, "grandchild.pid");
    const result = await runCommand({
      // The grandchild ignores SIGTERM and would outlive the shell.
      command: `node -e 'process.on("SIGTERM",()=>{}); require("fs").writeFileSync(process.argv[1], String(process.pid)); setInterval(()=>{},1000)' ${pidFile} & wait`,
      cwd: dir,
      env: { PATH: process.env.PATH ?? "" },
      timeoutMs: 1_500,
      killGraceMs: 200,
      write: quiet,
    });
    expect(result.timedOut).toBe(true);
    const pid = Number(await readFile(pidFile, "utf8"));
    await expect.poll(() => alive(pid), { timeout: 2_000, interval: 20 }).toBe(false);
  });

  it("kills what a finished command left running in the background", async () => {
    const pidFile = join(dir, "straggler.pid");
    const result = await runCommand({
      command: `(node -e 'require("fs").writeFileSync(process.argv[1], String(process.pid)); setInterval(()=>{},1000)' ${pidFile} &) ; while [ ! -s ${pidFile} ]; do sleep 0.05; done; exit 0`,
      cwd: dir,
      env: { PATH: process.env.PATH ?? "" },
      timeoutMs: 20_000,
      write: quiet,
    });
    expect(result.exitCode).toBe(0);
    const pid = Number(await readFile(pidFile, "utf8"));
    // SIGKILL is asynchronous; the process is gone once the kernel reaps it.
    await expect.poll(() => alive(pid), { timeout: 2_000, interval: 20 }).toBe(false);
  });
  it.each([
    ["a child that started its own session and holds the output pipe", "setsid"],
    ["a setsid -f straggler re-parented to init", "setsid -f"],
  ])("kills %s before it returns", async (_name, launcher) => {
    const pidFile = join(dir, `escaped-${Math.random().toString(36).slice(2)}.pid`);
    const result = await runCommand({
      command: `${launcher} node -e 'require("fs").writeFileSync(process.argv[1], String(process.pid)); setTimeout(()=>{},60000)' ${pidFile} & while [ ! -s ${pidFile} ]; do sleep 0.05; done; exit 0`,
      cwd: dir,
      env: { PATH: process.env.PATH ?? "" },
      timeoutMs: 20_000,
      killGraceMs: 200,
      write: quiet,
    });
    expect(result.exitCode).toBe(0);
    // runCommand resolves only after its last sweep: nothing is left to wait for.
    expect(alive(Number(await readFile(pidFile, "utf8")))).toBe(false);
  });
});

describe("commandEnv", () => {
  it("drops GitHub and Actions credentials and action inputs, keeps the rest", () => {
    const env = commandEnv(
      {
        PATH: "/bin",
        GITHUB_TOKEN: "x",
        GH_TOKEN: "x",
        ACTIONS_RUNTIME_TOKEN: "x",
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "x",
        ACTIONS_ID_TOKEN_REQUEST_URL: "x",
        INPUT_TOKEN: "x",
        ANTHROPIC_API_KEY: "agent-key",
      },
      { CRASHFIX_BRIEF: "/tmp/brief.md" },
    );
    expect(env).toEqual({
      PATH: "/bin",
      ANTHROPIC_API_KEY: "agent-key",
      CRASHFIX_BRIEF: "/tmp/brief.md",
    });
  });
});
