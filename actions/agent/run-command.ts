import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { killSandboxed, signalSandboxed } from "./sweep-processes.js";

// The variable that marks every process of one sandboxed command.
export const SANDBOX_ENV = "CRASHFIX_SANDBOX";

export interface CommandOptions {
  // A maintainer-written command line from the workflow file, run by bash.
  // Report data never goes into it: it reaches the command through files and
  // environment variables only.
  command: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  // Time between SIGTERM and SIGKILL to everything the command started.
  killGraceMs?: number;
  // Bytes of combined output kept for the result (the job log gets all of it).
  tailBytes?: number;
  write?: (chunk: string) => void;
  now?: () => number;
}

export interface CommandResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  durationMs: number;
  outputTail: string;
}

// Runs the command in a session of its own (detached = setsid), marked by a
// random variable in its environment, so a time limit, and the end of the
// command, kill everything it started: agents and test runners fork
// watchers, servers and browsers, and a child may leave the process group or
// the session (sweep-processes.ts finds it by the marker). Resolves only
// once nothing of the command is left, so what runs next (the patch, the
// step's outputs) cannot be touched by it.
export function runCommand(options: CommandOptions): Promise<CommandResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const tailBytes = options.tailBytes ?? 16_384;
  const write = options.write ?? ((chunk: string) => process.stdout.write(chunk));
  const marker = `${SANDBOX_ENV}=${randomBytes(16).toString("hex")}`;
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/bash", ["-c", options.command], {
      cwd: options.cwd,
      env: { ...options.env, [SANDBOX_ENV]: marker.slice(SANDBOX_ENV.length + 1) },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const session = child.pid;
    let tail = "";
    let timedOut = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const collect = (data: Buffer) => {
      const text = data.toString("utf8");
      write(text);
      tail = (tail + text).slice(-tailBytes);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    let killTimer: NodeJS.Timeout | undefined;
    const limitTimer = setTimeout(() => {
      timedOut = true;
      signalSandboxed(marker, session, "SIGTERM");
      killTimer = setTimeout(() => {
        void killSandboxed(marker, session);
      }, options.killGraceMs ?? 5_000);
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(limitTimer);
      if (killTimer) clearTimeout(killTimer);
      reject(error);
    });
    const finished = new Promise<void>((done) => child.on("close", () => done()));
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      clearTimeout(limitTimer);
      if (killTimer) clearTimeout(killTimer);
      // Whatever the command left running dies with it; this also closes
      // the pipes a background child still holds, so "close" can fire.
      void killSandboxed(marker, session).then(async () => {
        // A pipe held by a process the sweep cannot see (it left the session
        // and cleared its environment) is not waited for.
        const drain = setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
        }, options.killGraceMs ?? 5_000);
        await finished;
        clearTimeout(drain);
        // One more sweep: nothing may start between the close and the caller.
        await killSandboxed(marker, session);
        resolve({
          exitCode: exit?.code ?? null,
          signal: exit?.signal ?? null,
          timedOut,
          durationMs: now() - started,
          outputTail: tail,
        });
      });
    });
  });
}

// Environment for agent and CI commands: the runner's environment minus every
// GitHub and Actions credential, so code the agent writes cannot reach GitHub
// with the runner's identity (the job holds no write token, and this keeps the
// runtime tokens used for artifacts and OIDC away from it as well).
export const CREDENTIAL_NAMES = new Set([
  "GITHUB_TOKEN",
  "GH_TOKEN",
  "GH_ENTERPRISE_TOKEN",
  "GITHUB_ENTERPRISE_TOKEN",
  "ACTIONS_RUNTIME_TOKEN",
  "ACTIONS_RUNTIME_URL",
  "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
  "ACTIONS_ID_TOKEN_REQUEST_URL",
  "ACTIONS_RESULTS_URL",
  "ACTIONS_CACHE_URL",
]);

// The step's workflow-command files: what is written there becomes the
// step's outputs, later steps' environment and PATH, and the job summary.
export const FILE_COMMANDS = new Set([
  "GITHUB_OUTPUT",
  "GITHUB_ENV",
  "GITHUB_PATH",
  "GITHUB_STATE",
  "GITHUB_STEP_SUMMARY",
]);

export function commandEnv(
  base: Readonly<Record<string, string | undefined>>,
  extra: Record<string, string>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (CREDENTIAL_NAMES.has(key) || FILE_COMMANDS.has(key) || key.startsWith("INPUT_")) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}
