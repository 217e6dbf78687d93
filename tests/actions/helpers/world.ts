import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll } from "vitest";
import {
  type LimitsInput,
  type LocalGitHub,
  startLocalGitHub,
} from "../../../local-github/index.js";

const exec = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, "..", "..", "..");
export const fixturesDir = join(here, "..", "fixtures");
export const bundlePath = join(repoRoot, "dist", "main", "index.js");
export const agentScript = join(fixturesDir, "agents", "scripted-agent.mjs");

export const PUBLIC_REPO = "acme/buggy-cli";
export const TRIAGE_REPO = "acme/secret-triage-vault";

export interface World {
  github: LocalGitHub;
  octokit: Octokit;
  dir: string;
  close(): Promise<void>;
}

// A local GitHub with the public and the private triage repo, the fixture CLI
// pushed to the public one over smart HTTP.
export async function startWorld(options: { limits?: LimitsInput } = {}): Promise<World> {
  const dir = await mkdtemp(join(tmpdir(), "crashfix-actions-"));
  // startLocalGitHub expects the data directory to exist.
  await mkdir(join(dir, "github"));
  const github = await startLocalGitHub({
    port: 0,
    host: "127.0.0.1",
    dataDir: join(dir, "github"),
    limits: options.limits ?? { secondary: { perMinute: 0, perHour: 0 } },
  });
  await github.createRepo(PUBLIC_REPO);
  await github.createRepo(TRIAGE_REPO, { private: true });
  const octokit = new Octokit({ auth: github.token, baseUrl: github.apiUrl });
  const source = join(dir, "source");
  await cp(join(fixturesDir, "buggy-cli"), source, { recursive: true });
  await git(source, ["init", "-q", "-b", "main"]);
  await git(source, ["add", "-A"]);
  await git(source, [
    "-c",
    "user.name=t",
    "-c",
    "user.email=t@example.invalid",
    "commit",
    "-q",
    "-m",
    "init",
  ]);
  await git(source, ["push", "-q", github.gitUrl(PUBLIC_REPO), "main"], authEnv(github.token));
  return {
    github,
    octokit,
    dir,
    async close() {
      await github.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// One world for a test file: started before its tests, closed after them.
export function useWorld(options: { limits?: LimitsInput } = {}): () => World {
  let world: World | undefined;
  beforeAll(async () => {
    world = await startWorld(options);
  });
  afterAll(async () => {
    await world?.close();
  });
  return () => {
    if (!world) throw new Error("the world is not started yet");
    return world;
  };
}

export function authEnv(token: string): Record<string, string> {
  return {
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "http.extraHeader",
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`,
  };
}

export async function git(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  const { stdout } = await exec("git", args, {
    cwd,
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", ...env },
  });
  return stdout;
}

// A checkout as actions/checkout with persist-credentials: false leaves it:
// the public repo at main, and no credential in .git/config.
export async function checkout(world: World, name: string): Promise<string> {
  const target = join(world.dir, name);
  await git(
    world.dir,
    ["clone", "-q", world.github.gitUrl(PUBLIC_REPO), target],
    authEnv(world.github.token),
  );
  return target;
}

export interface BundleRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

// Runs the committed bundle the way a runner does: INPUT_* variables, the
// output and summary files, the event file, and the API/server URLs.
export async function runBundle(
  world: World,
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
): Promise<BundleRun> {
  const runDir = await mkdtemp(join(world.dir, "run-"));
  const outputFile = join(runDir, "output");
  const summaryFile = join(runDir, "summary");
  const eventFile = join(runDir, "event.json");
  await writeFile(outputFile, "");
  await writeFile(summaryFile, "");
  await writeFile(eventFile, JSON.stringify({ schedule: "23 */6 * * *" }));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: runDir,
    GITHUB_ACTIONS: "true",
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: "schedule",
    GITHUB_API_URL: world.github.apiUrl,
    GITHUB_SERVER_URL: world.github.serverUrl,
    GITHUB_REPOSITORY: PUBLIC_REPO,
    GITHUB_RUN_ID: "4242",
    RUNNER_TEMP: runDir,
    ...extraEnv,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = await execCollect(process.execPath, [bundlePath], env);
  return {
    ...result,
    outputs: parseOutputFile(await readFile(outputFile, "utf8")),
    summary: await readFile(summaryFile, "utf8"),
  };
}

// Runs a program to its end and keeps its exit code and output.
export function execCollect(
  file: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error && typeof error.code === "number" ? error.code : error ? 1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

// GITHUB_OUTPUT holds `name<<DELIM\nvalue\nDELIM` records.
// https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions#multiline-strings
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] ?? "");
    if (!match?.[1] || !match[2]) continue;
    const value: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== match[2]; i += 1) value.push(lines[i] ?? "");
    outputs[match[1]] = value.join("\n");
  }
  return outputs;
}
