import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseStartArgs, StartUsageError } from "../../local-stack/parse-start-args.js";
import { readStackFile } from "../../local-stack/stack-file.js";
import { makeReport, postReport } from "../probot-app/harness.js";

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

/** Until the output holds `text` (vitest's poll; its failure shows the output so far). */
function waitForOutput(output: () => string, text: string): Promise<void> {
  return vi.waitFor(() => expect(output()).toContain(text), { timeout: 20_000, interval: 50 });
}

describe("parseStartArgs", () => {
  it("defaults to .crashfix-local and the fixed ports the README prints", () => {
    expect(parseStartArgs([])).toEqual({
      kind: "start",
      dataDir: ".crashfix-local",
      githubPort: 3700,
      ingestPort: 3701,
      triageRepo: "demo/tally-triage",
      publicRepo: "demo/tally",
      quiet: false,
    });
    expect(
      parseStartArgs(["--triage-repo", "acme/mycli-triage", "--public-repo", "acme/mycli"]),
    ).toMatchObject({ triageRepo: "acme/mycli-triage", publicRepo: "acme/mycli" });
    expect(parseStartArgs(["-q"])).toMatchObject({ quiet: true });
  });

  it.each([
    [
      ["--github-port", "abc"],
      '--github-port takes a port number from 0 to 65535 (0 picks a free one), not "abc"',
    ],
    [["--ingest-port", "70000"], "--ingest-port takes a port number"],
    [["--ingest-port", "-1"], "--ingest-port takes a port number"],
    [["--data", ""], "--data needs a value: --data DIR"],
    [["--ingest"], "unknown option --ingest; did you mean --ingest-port?"],
    [["--qiet"], "unknown option --qiet; did you mean --quiet?"],
    [["extra"], 'npm start takes no argument "extra"'],
    [
      ["--triage-repo", "mycli-triage"],
      `--triage-repo: "mycli-triage" is not a repository name; a repository is named owner/name (letters, digits, '-', '.', '_')`,
    ],
    [
      ["--public-repo", "acme/.hidden"],
      `--public-repo: "acme/.hidden" is not a repository name; a repository name may not start with '.'`,
    ],
    [["--triage-repo"], "--triage-repo needs a value"],
  ])("refuses %j in our words", (argv, message) => {
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

  it("exits 2 with our words and where the help is on a bad flag, starting nothing", async () => {
    const bad = run(["--github-prot", "1"]);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toBe(
      "npm start: unknown option --github-prot; did you mean --github-port?\n(npm start -- --help lists every option)\n",
    );
    expect(bad.stdout()).toBe("");
  });

  it("lists every option in --help, and prints its version", async () => {
    const help = run(["--help"]);
    expect(await help.exited).toBe(0);
    for (const flag of [
      "--data DIR",
      "--github-port N",
      "--ingest-port N",
      "-q, --quiet",
      "--version",
    ]) {
      expect(help.stdout()).toContain(flag);
    }
    const version = run(["--version"]);
    expect(await version.exited).toBe(0);
    expect(version.stdout()).toMatch(/^crashfix local stack \d+\.\d+\.\d+\n$/);
  });

  it("prints one line per thing that happens: a report accepted, its issue filed, its count", async () => {
    const dir = await mkdtemp(join(tmpdir(), "crashfix-start-events-"));
    const stack = run(["--data", dir, "--github-port", "0", "--ingest-port", "0"]);
    try {
      await waitForOutput(stack.stdout, "Ctrl-C stops both");
      const file = await readStackFile(dir);
      const report = makeReport({
        app: "tally",
        error_class: "TypeError",
        frames: ["mean", "runAvg"],
      });
      expect((await postReport(file?.ingestUrl ?? "", report)).status).toBe(202);
      const fp = report.fingerprint.slice(0, 12);
      await vi.waitFor(
        () => expect(stack.stdout()).toMatch(/counted +demo\/tally-triage#1 {2}1 report/),
        {
          timeout: 20_000,
          interval: 100,
        },
      );
      const events = stack
        .stdout()
        .split("\n")
        .filter((line) => /^\d\d:\d\d:\d\d {2}/.test(line));
      expect(events.map((line) => line.slice(10))).toEqual([
        `report accepted  tally ${report.app_version}  TypeError  fp ${fp}`,
        `issue filed      demo/tally-triage#1  TypeError in mean  ${file?.serverUrl}/demo/tally-triage/issues/1`,
        "counted          demo/tally-triage#1  1 report",
      ]);
    } finally {
      stack.child.kill("SIGINT");
      await stack.exited;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("prints only a ready line with --quiet", async () => {
    const dir = await mkdtemp(join(tmpdir(), "crashfix-start-quiet-"));
    const stack = run(["--data", dir, "--github-port", "0", "--ingest-port", "0", "--quiet"]);
    try {
      await waitForOutput(stack.stdout, "\n");
      expect(stack.stdout()).toMatch(
        /^ready: local GitHub http:\/\/127\.0\.0\.1:\d+\/ ingest http:\/\/127\.0\.0\.1:\d+\n$/,
      );
    } finally {
      stack.child.kill("SIGTERM");
      expect(await stack.exited).toBe(0);
      expect(stack.stdout()).not.toContain("stopping");
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("serves both servers, stops cleanly on Ctrl-C, and a second start reuses the data", async () => {
    const first = run(["--data", dataDir, "--github-port", "0", "--ingest-port", "0"]);
    await waitForOutput(first.stdout, "Ctrl-C stops both");
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
    await waitForOutput(second.stdout, "Ctrl-C stops both");
    const again = await readStackFile(dataDir);
    expect(again?.adminToken).toBe(stack?.adminToken);
    expect(await readFile(join(dataDir, "github", "app-credentials.json"), "utf8")).toBe(
      credentials,
    );
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });

  it.each([
    ["the local GitHub", "--github-port"],
    ["the ingest", "--ingest-port"],
  ])("says in one line that %s's port is taken and which flag changes it", async (what, flag) => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, "127.0.0.1", done));
    const address = blocker.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const ports = flag === "--github-port" ? [String(port), "0"] : ["0", String(port)];
      const clash = run([
        "--data",
        dataDir,
        "--github-port",
        ports[0] ?? "",
        "--ingest-port",
        ports[1] ?? "",
      ]);
      expect(await clash.exited).toBe(1);
      expect(clash.stderr()).toBe(
        `npm start: ${what} cannot listen on 127.0.0.1:${port}: that port is already in use (is another copy running?). Stop the other one, or pick another port: npm start -- ${flag} N (0 picks a free one).\n`,
      );
    } finally {
      blocker.close();
    }
  });
});
