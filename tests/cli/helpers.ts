import { spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SHELL_LIB = join(ROOT, "cli/crashfix.sh");
export const HOST_FIXTURE = join(ROOT, "tests/cli/fixtures/host.mjs");

/** The file package.json's "./cli" export points at (lib/cli/index.bundle.js), relative to lib/. */
export const CLI_EXPORT = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    exports: Record<string, { import: string }>;
  }
).exports["./cli"]?.import.replace(/^\.\/lib\//, "") as string;

let snapshot: string | undefined;
const tempRoots: string[] = [];

// Every test file that imports these helpers removes its temp dirs at the end.
afterAll(() => {
  for (const root of tempRoots.splice(0)) rmSync(root, { recursive: true, force: true });
  snapshot = undefined;
});

/**
 * Tests spawn the built client. They run it from a private copy of lib/cli
 * and lib/redact, so a rebuild of lib/ running at the same time (tsc
 * rewrites files in place) cannot hand a child process a half-written module.
 */
export function assertBuilt(): void {
  if (
    !existsSync(join(ROOT, "lib", CLI_EXPORT)) ||
    !existsSync(join(ROOT, "lib/redact/capture.bundle.cjs"))
  ) {
    throw new Error("tests/cli spawn the built client: run `npm run build` first");
  }
  if (snapshot !== undefined) return;
  const root = mkdtempSync(join(tmpdir(), "crashfix-lib-"));
  for (const part of ["cli", "redact"]) {
    cpSync(join(ROOT, "lib", part), join(root, part), {
      recursive: true,
      filter: (source) => !source.endsWith(".d.ts"),
    });
  }
  symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"));
  writeFileSync(join(root, "package.json"), '{ "type": "module" }\n');
  tempRoots.push(root);
  snapshot = root;
}

function built(path: string): string {
  if (snapshot === undefined) throw new Error("call assertBuilt() in beforeAll first");
  return join(snapshot, path);
}

/** What a host's `import "crashfix/cli"` loads. */
export const libCli = (): string => built(CLI_EXPORT);
export const bin = (): string => built("cli/bin/crashfix.js");

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

export function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string },
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env });
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
    child.stdin.end(options.input ?? "");
  });
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

export function hostConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { app: "loki", version: "1.4.2", repo: "acme/loki", displayName: "Loki Mode", ...extra };
}

/** Runs the fixture host (copied into the sandbox's project so its path holds the planted names). */
export async function runHost(
  sandbox: Sandbox,
  mode: string,
  options: { bare?: boolean; config?: Record<string, unknown>; env?: Record<string, string> } = {},
): Promise<RunResult> {
  const script = join(sandbox.project, "host.mjs");
  if (!existsSync(script)) await writeFile(script, await readFile(HOST_FIXTURE, "utf8"));
  return run(process.execPath, [script, mode], {
    cwd: sandbox.project,
    env: baseEnv(sandbox, {
      CRASHFIX_LIB: libCli(),
      HOST_CONFIG: JSON.stringify(options.config ?? hostConfig()),
      HOST_BARE: options.bare ? "1" : "0",
      PLANTED_SECRET: SECRETS.token,
      API_TOKEN: SECRETS.envValue,
      ...options.env,
    }),
  });
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
    /\n[^\n]* hit an error it did not expect\.[^\n]*\n {2}report: [^\n]*\n {2}see it: [^\n]*\n {2}send it: [^\n]*\n/,
    "",
  );
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 15_000,
): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export type IngestRequest = {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
};

export type Ingest = {
  url: string;
  requests: IngestRequest[];
  /** Answers in order; the last one repeats. */
  respond: ((res: ServerResponse) => void)[];
  close(): Promise<void>;
};

/** A loopback stand-in for `POST /v1/crash`, scripted per test. */
export async function startIngest(): Promise<Ingest> {
  const requests: IngestRequest[] = [];
  const ingest: Ingest = {
    url: "",
    requests,
    respond: [(res) => res.writeHead(202).end()],
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const index = Math.min(requests.length, ingest.respond.length - 1);
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      ingest.respond[index]?.(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  ingest.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = ingest.close;
  ingest.close = async () => {
    server.closeAllConnections();
    await close();
  };
  return ingest;
}
