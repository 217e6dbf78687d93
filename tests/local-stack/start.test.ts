import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseStartArgs, StartUsageError } from "../../local-stack/parse-start-args.js";
import { readStackFile } from "../../local-stack/stack-file.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const startBin = join(root, "lib", "local-stack", "bin", "start.js");

type Run = {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
};

function run(args: string[]): Run {
  const child = spawn(process.execPath, [startBin, ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((done) => child.on("close", (code) => done(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("parseStartArgs", () => {
  it("defaults to .crashfix-local and the fixed ports the README prints", () => {
    expect(parseStartArgs([])).toEqual({
      dataDir: ".crashfix-local",
      githubPort: 3700,
      ingestPort: 3701,
      help: false,
    });
  });

  it.each([
    [["--github-port", "abc"], /--github-port takes a port number/],
    [["--ingest-port", "70000"], /--ingest-port takes a port number/],
    [["--ingest-port", "-1"], /port/],
    [["--data", ""], /--data needs a folder/],
    [["--frobnicate"], /Unknown option/],
    [["extra"], /positional/],
  ])("refuses %j with a message that names the fix", (argv, message) => {
    expect(() => parseStartArgs(argv)).toThrow(StartUsageError);
    expect(() => parseStartArgs(argv)).toThrow(message);
  });
});

describe("npm start (the local-stack bin)", () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "crashfix-start-"));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("exits 2 with the usage on a bad flag, starting nothing", async () => {
    const bad = run(["--github-port", "nope"]);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toMatch(/--github-port takes a port number/);
    expect(bad.stderr()).toMatch(/usage: npm start/);
  });

  it("serves both servers, stops cleanly on Ctrl-C, and a second start reuses the data", async () => {
    const first = run(["--data", dataDir, "--github-port", "0", "--ingest-port", "0"]);
    await waitFor(() => first.stdout().includes("Ctrl-C stops both"), "the first start");
    const stack = await readStackFile(dataDir);
    expect(stack).toBeDefined();
    const health = await fetch(`${stack?.ingestUrl}/healthz`);
    expect(health.status).toBe(200);
    const page = await fetch(`${stack?.serverUrl}/`);
    expect(await page.text()).toContain(stack?.publicRepo);
    const credentials = await readFile(join(dataDir, "github", "app-credentials.json"), "utf8");
    first.child.kill("SIGINT");
    expect(await first.exited).toBe(0);
    expect(await readStackFile(dataDir)).toBeUndefined();

    const second = run(["--data", dataDir, "--github-port", "0", "--ingest-port", "0"]);
    await waitFor(() => second.stdout().includes("Ctrl-C stops both"), "the second start");
    const again = await readStackFile(dataDir);
    expect(again?.adminToken).toBe(stack?.adminToken);
    expect(await readFile(join(dataDir, "github", "app-credentials.json"), "utf8")).toBe(
      credentials,
    );
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });

  it("says which port is taken and how to choose another", async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, "127.0.0.1", done));
    const address = blocker.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const clash = run(["--data", dataDir, "--github-port", String(port), "--ingest-port", "0"]);
      expect(await clash.exited).toBe(1);
      expect(clash.stderr()).toMatch(/--github-port/);
    } finally {
      blocker.close();
    }
  });
});
