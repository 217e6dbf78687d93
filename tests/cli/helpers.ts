import { spawn } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, inject } from "vitest";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const HOST_FIXTURE = join(ROOT, "tests/cli/fixtures/host.mjs");

const tempRoots: string[] = [];

// Every test file that imports these helpers removes its temp dirs at the end.
afterAll(() => {
  for (const root of tempRoots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** The project the packed client is installed in (tests/setup/install-client.ts). */
export const clientHost = (): string => inject("clientHost");
/** The installed package, as a host's `node_modules/crashfix`. */
export const installedPackage = (): string => join(clientHost(), "node_modules/crashfix");
/** The installed `crashfix` command. */
export const bin = (): string => join(installedPackage(), "dist/bin/crashfix.js");
/** How hints name crashfix's commands for a host that does not mount them: the installed command. */
export const standaloneCommand = (app = "loki"): string => `node ${bin()} --app ${app}`;
/** `text` matched literally inside a regex. */
export const literally = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
/** The installed crashfix.sh. */
export const shellLib = (): string => join(installedPackage(), "crashfix.sh");

// Planted in messages, env and paths; none may reach a report.
export const SECRETS = {
  token: "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
  email: "alice.jones@example.com",
  user: "alicejones",
  project: "secretproject7",
  envValue: "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
};

export type Sandbox = {
  root: string;
  home: string;
  project: string;
  stateDir: string;
  configFile: string;
  crashDir: string;
  outboxDir: string;
};

export async function makeSandbox(app = "loki"): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), "crashfix-cli-"));
  tempRoots.push(root);
  const home = join(root, "home", SECRETS.user);
  const project = join(home, SECRETS.project);
  await mkdir(project, { recursive: true });
  const stateDir = join(home, `.${app}`);
  return {
    root,
    home,
    project,
    stateDir,
    configFile: join(stateDir, "config"),
    crashDir: join(project, `.${app}`, "crash"),
    outboxDir: join(project, `.${app}`, "crash", "outbox"),
  };
}

export async function writeConfig(sandbox: Sandbox, text: string): Promise<void> {
  await mkdir(sandbox.stateDir, { recursive: true });
  await writeFile(sandbox.configFile, text);
}

/** The test runner's own env minus everything that changes collection decisions. */
/** A sandbox whose user has seen the first-run notice: runs print only what they capture. */
export async function shownSandbox(app?: string): Promise<Sandbox> {
  const sandbox = await makeSandbox(app);
  await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
  return sandbox;
}

export function baseEnv(sandbox: Sandbox, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const keep = ["PATH", "SYSTEMROOT", "TMPDIR", "LANG"];
  for (const key of keep) if (process.env[key] !== undefined) env[key] = process.env[key];
  return { ...env, HOME: sandbox.home, NO_COLOR: "1", ...extra };
}

export type RunResult = {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
};

export type Started = { pid: number; done: Promise<RunResult> };

/** Starts a process and returns at once: its pid, and its result when it ends. */
export function start(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string },
): Started {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env });
  const done = new Promise<RunResult>((resolvePromise, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
    // A child that exits before reading its input closes the pipe: EPIPE here is no failure.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
  return { pid: child.pid ?? 0, done };
}

export function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string },
): Promise<RunResult> {
  return start(command, args, options).done;
}

export function runBin(
  args: string[],
  sandbox: Sandbox,
  env: Record<string, string> = {},
): Promise<RunResult> {
  return run(process.execPath, [bin(), ...args], {
    cwd: sandbox.project,
    env: baseEnv(sandbox, env),
  });
}

export const PRIVACY_URL = "https://acme.example/loki/privacy";

export function hostConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    app: "loki",
    version: "1.4.2",
    repo: "acme/loki",
    displayName: "Loki Mode",
    privacyUrl: PRIVACY_URL,
    ...extra,
  };
}

/**
 * Runs the fixture host, copied into the sandbox's project so its path holds
 * the planted names; it imports "crashfix" by name, resolved from a
 * node_modules link to the installed package.
 */
export type HostOptions = {
  bare?: boolean;
  config?: Record<string, unknown>;
  env?: Record<string, string>;
  /** stderr nobody can read: a pipe whose reader has gone (EPIPE), or /dev/full (ENOSPC). */
  stderr?: UnwritableStderr;
};

export type UnwritableStderr = "closed-pipe" | "full-device";

// Run by bash, which then execs the host. The closed pipe's reader closes
// its end before the host starts, so the host's first write to it fails.
const UNWRITABLE_STDERR: Record<UnwritableStderr, string> = {
  "closed-pipe":
    'exec 2> >(exec 0<&-; : > "$0.$$.closed"); until [ -e "$0.$$.closed" ]; do sleep 0.01; done; exec "$@"',
  "full-device": 'exec "$@" 2>/dev/full',
};

export async function runHost(
  sandbox: Sandbox,
  mode: string,
  options: HostOptions = {},
): Promise<RunResult> {
  return (await startHost(sandbox, mode, options)).done;
}

/** As runHost, but returns once the host has started. */
export async function startHost(
  sandbox: Sandbox,
  mode: string,
  options: HostOptions = {},
): Promise<Started> {
  const script = await installHost(sandbox, "host.mjs", await readFile(HOST_FIXTURE, "utf8"));
  const [command, args] =
    options.stderr === undefined
      ? [process.execPath, [script, mode]]
      : ["bash", ["-c", UNWRITABLE_STDERR[options.stderr], script, process.execPath, script, mode]];
  return start(command, args, {
    cwd: sandbox.project,
    env: baseEnv(sandbox, {
      HOST_CONFIG: JSON.stringify(options.config ?? hostConfig()),
      HOST_BARE: options.bare ? "1" : "0",
      PLANTED_SECRET: SECRETS.token,
      API_TOKEN: SECRETS.envValue,
      ...options.env,
    }),
  });
}

/**
 * Writes a host script into the sandbox's project, where `import "crashfix"`
 * resolves to the installed package (a node_modules link, as a host's own
 * install would give). Returns the script's path.
 */
export async function installHost(sandbox: Sandbox, name: string, text: string): Promise<string> {
  const modules = join(sandbox.project, "node_modules");
  await mkdir(modules, { recursive: true });
  await symlink(installedPackage(), join(modules, "crashfix")).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    },
  );
  const script = join(sandbox.project, name);
  await writeFile(script, text);
  return script;
}

/**
 * A copy of the installed package without dist/scrubber.cjs, as a host that
 * forgot to ship it has it; returns the copy's `crashfix` command.
 */
export function binWithoutScrubber(sandbox: Sandbox): string {
  const copy = join(sandbox.root, "crashfix-without-scrubber");
  cpSync(installedPackage(), copy, { recursive: true, dereference: true });
  rmSync(join(copy, "dist", "scrubber.cjs"));
  return join(copy, "dist", "bin", "crashfix.js");
}

/** The one report in the sandbox's crash folder, as text and parsed. */
export async function onlyReport(
  sandbox: Sandbox,
): Promise<{ text: string; report: Record<string, unknown> }> {
  const files = await reportFiles(sandbox.crashDir);
  expect(files).toHaveLength(1);
  const text = await readFile(join(sandbox.crashDir, files[0] as string), "utf8");
  return { text, report: JSON.parse(text) as Record<string, unknown> };
}

export async function reportFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith(".json")).sort();
  } catch {
    return [];
  }
}

/** Removes the crash notice crashfix prints, leaving what the host and Node printed. */
export function withoutNotice(stderr: string): string {
  return stderr.replace(
    /\n[^\n]* (?:hit an error it did not expect|exited with status \d+)\.[^\n]*\n {2}report: [^\n]*\n {2}see it: [^\n]*\n(?: {2}[a-z ]+: [^\n]*\n)?/,
    "",
  );
}
