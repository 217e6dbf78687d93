import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNode } from "../../demo/run-node.js";
import { SERVER_COMMANDS } from "../../probot-app/cli/server-commands.js";
import { ENV_VARIABLES } from "../../probot-app/config/env-variables.js";

// The built bin, as `npx crashfix-server` runs it (npm test builds first).
const BIN = join(import.meta.dirname, "../../lib/probot-app/bin/crashfix-server.js");

function runBin(args: string[], env: Record<string, string | undefined> = {}) {
  return runNode([BIN, ...args], { cwd: work, env: { PATH: process.env.PATH ?? "", ...env } });
}

let work: string;
let localEnv: Record<string, string>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "crashfix-server-cli-"));
  // A local GitHub's credentials file, so `start` gets as far as listening.
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  await writeFile(
    join(work, "app-credentials.json"),
    JSON.stringify({ appId: 1, installationId: 2, privateKey, webhookSecret: "w".repeat(20) }),
  );
  localEnv = {
    CRASHFIX_LOCAL_GITHUB_DATA: work,
    CRASHFIX_TRIAGE_REPO: "acme/triage",
    CRASHFIX_SPOOL_DIR: join(work, "spool"),
    GITHUB_API_URL: "http://127.0.0.1:9/api/v3",
  };
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("crashfix-server command line", () => {
  it("lists every subcommand and every environment variable in --help", async () => {
    const run = await runBin(["--help"]);
    expect(run.code).toBe(0);
    for (const command of SERVER_COMMANDS)
      expect(run.stdout).toContain(`crashfix-server ${command.name}`);
    for (const name of Object.keys(ENV_VARIABLES)) expect(run.stdout).toContain(name);
    expect(run.stdout).toContain("--version");
    expect(run.stdout).toMatch(/--once +one drain, then exit/);
  });

  it("prints its version", async () => {
    const run = await runBin(["--version"]);
    expect(run).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^crashfix-server \d+\.\d+\.\d+\n$/),
    });
  });

  it.each([
    [
      ["--port", "80"],
      "unknown option --port; crashfix-server takes its settings from the environment: set PORT",
    ],
    [["strat"], "unknown command strat; did you mean start?"],
    [["--verison"], "unknown option --verison; did you mean --version?"],
    [["check", "extra"], 'crashfix-server check takes no argument "extra"'],
  ])("refuses %j in our words with exit 2", async (args, message) => {
    const run = await runBin(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `crashfix-server: ${message}\n(crashfix-server --help lists every option)\n`,
    );
  });

  it("lists every missing variable at once, with what to set, and no stack trace", async () => {
    const run = await runBin([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      [
        "crashfix-server: the environment cannot start the ingest (4 problems):",
        "  - CRASHFIX_TRIAGE_REPO is not set; set it to owner/name of the private triage repository, e.g. acme/cli-crash-triage",
        "  - APP_ID is not set; set it to the GitHub App's numeric id (its settings page shows it), or set CRASHFIX_LOCAL_GITHUB_DATA to use a local GitHub",
        "  - PRIVATE_KEY is not set; set it to the App's private key, PEM text (\\n escapes are turned into newlines), or set PRIVATE_KEY_PATH to a file holding it",
        "  - WEBHOOK_SECRET is not set; set it to the App's webhook secret",
        "Every variable: crashfix-server --help",
        "",
      ].join("\n"),
    );
  });

  it("names bad values together in `check`, exiting 1", async () => {
    const run = await runBin(["check"], { ...localEnv, PORT: "http", LOG_LEVEL: "loud" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("(2 problems)");
    expect(run.stderr).toContain('PORT must be a whole number (it is "http")');
    expect(run.stderr).toContain(
      'LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent (it is "loud")',
    );
  });

  it("says what it would run with in `check`, and exits 1 when GitHub does not answer", async () => {
    const run = await runBin(["check"], { ...localEnv, PORT: "4567" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("listen on     127.0.0.1:4567");
    expect(run.stdout).toContain("triage repo   acme/triage: NOT USABLE (below)");
    expect(run.stderr).toMatch(
      /^crashfix-server check: GitHub did not answer at http:\/\/127\.0\.0\.1:9\/api\/v3 \(.+\); check GITHUB_API_URL and this host's network; reports wait in the spool meanwhile\n$/,
    );
  });

  it.each([
    ["a name that does not resolve", "999.1.1.1", "ENOTFOUND"],
    // TEST-NET-1 (RFC 5737): never an address of this machine.
    ["an address of another machine", "192.0.2.1", "EADDRNOTAVAIL"],
  ])("names HOST in one line, exit 1, when it is %s", async (_case, host, code) => {
    const run = await runBin([], { ...localEnv, HOST: host, PORT: "0" });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `crashfix-server: the ingest cannot listen on ${host}:0: HOST is not an address of this machine (${code}). Set HOST to one of its addresses: 127.0.0.1 for this machine only, 0.0.0.0 for every interface.\n`,
    );
    expect(run.stdout).toBe("");
  });

  describe("with its port taken", () => {
    let blocker: Server;
    let port = 0;

    beforeAll(async () => {
      blocker = createServer();
      await new Promise<void>((done) => blocker.listen(0, "127.0.0.1", done));
      const address = blocker.address();
      port = typeof address === "object" && address ? address.port : 0;
    });

    afterAll(() => new Promise<void>((done) => blocker.close(() => done())));

    it("says which port and which variable changes it, in one line, exit 1", async () => {
      const run = await runBin([], { ...localEnv, PORT: String(port) });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `crashfix-server: the ingest cannot listen on 127.0.0.1:${port}: that port is already in use (is another copy running?). Set PORT to another port (PORT=0 picks a free one).\n`,
      );
      expect(run.stdout).toBe("");
    });
  });
});
