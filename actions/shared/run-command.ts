import { spawn } from "node:child_process";

export interface CommandOptions {
  // A maintainer-written command line from the workflow file, run by bash.
  // Report data never goes into it: it reaches the command through files and
  // environment variables only.
  command: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  // Time between SIGTERM and SIGKILL to the whole process group.
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

// Runs the command in its own process group (detached = setsid) so a time
// limit kills everything it started, not only the shell: agents and test
// runners fork watchers, servers and browsers that would otherwise outlive the
// step. Stragglers left behind after a normal exit are killed too.
export function runCommand(options: CommandOptions): Promise<CommandResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const tailBytes = options.tailBytes ?? 16_384;
  const write = options.write ?? ((chunk: string) => process.stdout.write(chunk));
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/bash", ["-c", options.command], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
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
    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // ESRCH: the group is already gone.
      }
    };
    let killTimer: NodeJS.Timeout | undefined;
    const limitTimer = setTimeout(() => {
      timedOut = true;
      killGroup("SIGTERM");
      killTimer = setTimeout(() => killGroup("SIGKILL"), options.killGraceMs ?? 5_000);
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(limitTimer);
      if (killTimer) clearTimeout(killTimer);
      reject(error);
    });
    let drainTimer: NodeJS.Timeout | undefined;
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      // Whatever the command left running in its group dies with it; this also
      // closes pipes a background child still holds, so "close" can fire.
      killGroup("SIGKILL");
      // A process that left the group (setsid) can still hold the pipes open:
      // stop reading after a grace period instead of waiting for it forever.
      drainTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, options.killGraceMs ?? 5_000);
    });
    child.on("close", () => {
      clearTimeout(limitTimer);
      if (killTimer) clearTimeout(killTimer);
      if (drainTimer) clearTimeout(drainTimer);
      resolve({
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        timedOut,
        durationMs: now() - started,
        outputTail: tail,
      });
    });
  });
}

// Environment for agent and CI commands: the runner's environment minus every
// GitHub and Actions credential, so code the agent writes cannot reach GitHub
// with the runner's identity (the job holds no write token, and this keeps the
// runtime tokens used for artifacts and OIDC away from it as well).
const CREDENTIAL_NAMES = new Set([
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

export function commandEnv(
  base: Readonly<Record<string, string | undefined>>,
  extra: Record<string, string>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (CREDENTIAL_NAMES.has(key) || key.startsWith("INPUT_")) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}
