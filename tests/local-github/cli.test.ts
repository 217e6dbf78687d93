import { type SpawnOptionsWithoutStdio, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it, onTestFinished } from "vitest";
import { runNode } from "../../demo/run-node.js";
import { tempDir } from "./helpers.js";

// The built bin, as `npx crashfix-github` runs it (npm test builds first;
// alone: npx tsc -p tsconfig.build.json).
const BIN = join(process.cwd(), "lib/local-github/bin/crashfix-github.js");

function runBin(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runNode([BIN, ...args], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? "", ...env },
  });
}

/**
 * The bin serving until stopped, and the code it exits with. A test's end,
 * passed or failed, kills it and waits for it, before its data folder goes.
 */
function serveBin(args: string[], options: SpawnOptionsWithoutStdio = {}) {
  const child = spawn(process.execPath, [BIN, ...args], options);
  const exited = new Promise<number | null>((resolve) =>
    child.on("close", (code) => resolve(code)),
  );
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  });
  return { child, exited };
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
      /unknown option --colour/,
    ],
    ["a missing --port", ["--data", "/tmp/x"], {}, /missing --port N/],
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
      /--port takes a port number from 0 to 65535/,
    ],
    ["a port out of range", ["--port", "70000", "--data", "/tmp/x"], {}, /not "70000"/],
    [
      "a repository without an owner",
      ["--port", "0", "--data", "/tmp/x", "--repo", "triage"],
      {},
      /--repo "triage"/,
    ],
    ["a flag without its value", ["--port", "0", "--data"], {}, /--data needs a value: --data DIR/],
    [
      "a positional argument",
      ["serve", "--port", "0", "--data", "/tmp/x"],
      {},
      /takes no argument "serve"/,
    ],
    [
      "a token with spaces",
      ["--port", "0", "--data", "/tmp/x", "--token", "has spaces in it"],
      {},
      /--token: a token is printable ASCII/,
    ],
    [
      "a mistyped flag",
      ["--prot", "0", "--data", "/tmp/x"],
      {},
      /unknown option --prot; did you mean --port\?/,
    ],
    [
      "a private repository without an owner",
      ["--port", "0", "--data", "/tmp/x", "--private-repo", "triage"],
      {},
      /--private-repo "triage"/,
    ],
    [
      "one repository both public and private",
      ["--port", "0", "--data", "/tmp/x", "--repo", "a/b", "--private-repo", "a/b"],
      {},
      /a\/b is given as both --repo and --private-repo/,
    ],
    [
      "a short token from the environment",
      ["--port", "0", "--data", "/tmp/x"],
      { CRASHFIX_GITHUB_TOKEN: "short" },
      /CRASHFIX_GITHUB_TOKEN: a token has at least 8/,
    ],
  ])(
    "exits 2 with a clear message and where the help is for %s",
    async (_name, args, env, message) => {
      const run = await runBin(args, env);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain("(crashfix-github --help lists every option)");
      expect(run.stderr).not.toMatch(/ERR_PARSE_ARGS|TypeError|at .*\.js:\d+/);
      expect(run.stdout).toBe("");
    },
  );

  it("lists every option in --help and exits 0", async () => {
    const run = await runBin(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: crashfix-github");
    for (const flag of [
      "--port N",
      "--data DIR",
      "--repo OWNER/NAME",
      "--private-repo OWNER/NAME",
      "--token T",
      "--webhook-url URL",
      "--no-cache",
      "--help",
      "--version",
    ]) {
      expect(run.stdout).toContain(flag);
    }
  });

  it("prints its version", async () => {
    const run = await runBin(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^crashfix-github \d+\.\d+\.\d+/);
  });

  it("takes a relative --data, makes --private-repo private and keeps --token in the credentials file", async () => {
    const cwd = await tempDir();
    const { child, exited } = serveBin(
      [
        "--port",
        "0",
        "--data",
        "./gh",
        "--private-repo",
        "acme/triage",
        "--repo",
        "acme/cli",
        "--token",
        "flag-token-123",
      ],
      { cwd, env: { PATH: process.env.PATH ?? "" } },
    );
    const lines = createInterface({ input: child.stdout });
    const baseUrl: string = (await lines[Symbol.asyncIterator]().next()).value;
    const credentials = JSON.parse(
      await readFile(join(cwd, "gh", "app-credentials.json"), "utf8"),
    ) as { personalToken: string };
    expect(credentials.personalToken).toBe("flag-token-123");
    const get = (path: string) =>
      fetch(`${baseUrl}/api/v3${path}`, {
        headers: { authorization: `token ${credentials.personalToken}` },
      });
    const triage = (await (await get("/repos/acme/triage")).json()) as { private: boolean };
    const cli = (await (await get("/repos/acme/cli")).json()) as { private: boolean };
    expect([triage.private, cli.private]).toEqual([true, false]);
    expect(existsSync(join(cwd, "gh", "git", "acme", "triage.git", "HEAD"))).toBe(true);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it.each([["SIGTERM"], ["SIGINT"]] as const)(
    "prints its base URL, serves the API with the token, and stops cleanly on %s",
    async (signal) => {
      const dataDir = await tempDir();
      const { child, exited } = serveBin(
        ["--port", "0", "--data", dataDir, "--repo", "acme/triage", "--repo", "acme/public"],
        { env: { PATH: process.env.PATH ?? "", CRASHFIX_GITHUB_TOKEN: "env-token-12345" } },
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
    const { child: first } = serveBin(["--port", "0", "--data", dataDir]);
    const lines = createInterface({ input: first.stdout });
    const baseUrl: string = (await lines[Symbol.asyncIterator]().next()).value;
    const port = new URL(baseUrl).port;
    const second = await runBin(["--port", port, "--data", await tempDir()]);
    first.kill("SIGTERM");
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `crashfix-github: the local GitHub cannot listen on 127.0.0.1:${port}: that port is already in use (is another copy running?). Pass another --port N (--port 0 picks a free one).\n`,
    );
  });
});
