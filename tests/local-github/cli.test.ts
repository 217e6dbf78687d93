import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { tempDir } from "./helpers.js";

// The built bin, as `npx crashfix-github` runs it (npm test builds first;
// alone: npx tsc -p tsconfig.build.json).
const BIN = join(process.cwd(), "lib/local-github/bin/crashfix-github.js");

type Run = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

function runBin(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe("crashfix-github command line", () => {
  it("has been built", () => {
    expect(existsSync(BIN), `run npx tsc -p tsconfig.build.json first (${BIN})`).toBe(true);
  });

  it.each([
    [
      "an unknown flag",
      ["--port", "0", "--data", "/tmp/x", "--colour"],
      {},
      /Unknown option '--colour'/,
    ],
    ["a missing --port", ["--data", "/tmp/x"], {}, /missing --port/],
    [
      "a webhook URL that is not a URL",
      ["--port", "0", "--data", "/tmp/x", "--webhook-url", "hooks"],
      {},
      /--webhook-url/,
    ],
    [
      "a boolean flag given a value",
      ["--port", "0", "--data", "/tmp/x", "--no-cache=yes"],
      {},
      /--no-cache/,
    ],
    ["a missing --data", ["--port", "0"], {}, /missing --data/],
    [
      "a port that is not a number",
      ["--port", "http", "--data", "/tmp/x"],
      {},
      /--port takes a number/,
    ],
    ["a port out of range", ["--port", "70000", "--data", "/tmp/x"], {}, /--port takes a number/],
    [
      "a repository without an owner",
      ["--port", "0", "--data", "/tmp/x", "--repo", "triage"],
      {},
      /--repo "triage"/,
    ],
    ["a flag without its value", ["--port", "0", "--data"], {}, /argument missing|--data/],
    [
      "a positional argument",
      ["serve", "--port", "0", "--data", "/tmp/x"],
      {},
      /Unexpected argument 'serve'/,
    ],
    [
      "a token with spaces",
      ["--port", "0", "--data", "/tmp/x", "--token", "has spaces in it"],
      {},
      /--token: a token is printable ASCII/,
    ],
    [
      "a short token from the environment",
      ["--port", "0", "--data", "/tmp/x"],
      { CRASHFIX_GITHUB_TOKEN: "short" },
      /CRASHFIX_GITHUB_TOKEN: a token has at least 8/,
    ],
  ])("exits 2 with a clear message and the usage for %s", async (_name, args, env, message) => {
    const run = await runBin(args, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("Usage: crashfix-github --port <n> --data <dir>");
    expect(run.stdout).toBe("");
  });

  it("prints the usage for --help and exits 0", async () => {
    const run = await runBin(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: crashfix-github");
  });

  it.each([["SIGTERM"], ["SIGINT"]] as const)(
    "prints its base URL, serves the API with the token, and stops cleanly on %s",
    async (signal) => {
      const dataDir = await tempDir();
      const child = spawn(
        process.execPath,
        [BIN, "--port", "0", "--data", dataDir, "--repo", "acme/triage", "--repo", "acme/public"],
        { env: { PATH: process.env.PATH ?? "", CRASHFIX_GITHUB_TOKEN: "env-token-12345" } },
      );
      const exited = new Promise<number | null>((resolve) =>
        child.on("close", (code) => resolve(code)),
      );
      const lines = createInterface({ input: child.stdout });
      const [baseUrl] = (await lines[Symbol.asyncIterator]().next()).value.split(" ");
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const answer = await fetch(`${baseUrl}/api/v3/repos/acme/public`, {
        headers: { authorization: "token env-token-12345" },
      });
      expect(answer.status).toBe(200);
      expect(existsSync(join(dataDir, "app-credentials.json"))).toBe(true);
      child.kill(signal);
      expect(await exited).toBe(0);
    },
  );

  it("exits 1 with the reason when the port is taken", async () => {
    const dataDir = await tempDir();
    const first = spawn(process.execPath, [BIN, "--port", "0", "--data", dataDir]);
    const lines = createInterface({ input: first.stdout });
    const baseUrl: string = (await lines[Symbol.asyncIterator]().next()).value;
    const port = new URL(baseUrl).port;
    const second = await runBin(["--port", port, "--data", await tempDir()]);
    first.kill("SIGTERM");
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+/);
  });
});
