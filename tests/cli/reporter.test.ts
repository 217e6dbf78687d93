import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Cli from "../../cli/index.js";
import { type Ingest, startIngest } from "./fake-ingest.js";
import {
  hostConfig,
  makeSandbox,
  reportFiles,
  runHost,
  type Sandbox,
  writeConfig,
} from "./helpers.js";
import { loadClient, reporterFor as reporterWith } from "./in-process.js";

// In-process tests of the installed package (the files a host imports).
let cli: typeof Cli;
let ingest: Ingest;
beforeAll(async () => {
  cli = await loadClient();
  ingest = await startIngest();
});
afterAll(() => ingest.close());

const reporterFor = (sandbox: Sandbox, extra: Record<string, unknown> = {}, now = Date.now) =>
  reporterWith(cli, sandbox, extra, now);

describe("createCrashReporter", () => {
  it.each([
    [{ version: undefined }, /version is missing: give the host's version, like `1\.4\.2`/],
    [{ repo: "not a repo" }, /repo must be the public repository as `owner\/name`/],
    [{ app: "Loki Mode" }, /app must be a lower-case id like `loki-mode`/],
    [{ endpoint: "http://crash.example.com" }, /endpoint must be an https URL/],
    [{ endpoint: "ftp://127.0.0.1" }, /endpoint must be an https URL/],
    [
      { endpoint: "https://user:pw@crash.example.com" },
      /endpoint must be an https URL without user or password/,
    ],
    [{ endpoint: "https://crash.example.com", privacyUrl: undefined }, /privacyUrl is missing/],
    [
      { privacyUrl: "javascript:alert(1)" },
      /privacyUrl must be the https URL of your published privacy page/,
    ],
    [{ envPrefix: "loki" }, /envPrefix must be an upper-case prefix like `LOKI`/],
    [{ autoFix: "yes" }, /autoFix must be true or false/],
    [{ command: "loki; rm -rf /" }, /command must be how users run your mounted commands/],
    [{ displayName: "Loki\u001b[31m" }, /displayName must be a name of at most 80 characters/],
    [
      { redaction: { repoNames: "acme/x" } },
      /redaction\.repoNames must be at most 50 repository names/,
    ],
    [
      { redaction: { repoRot: "/x" } },
      /redaction\.repoRot is not a crashfix setting \(did you mean repoRoot\?\)/,
    ],
    [{ colour: "blue" }, /colour is not a crashfix setting; the settings are app, version, repo/],
  ])("refuses config %o with a message naming the key", async (extra, message) => {
    const sandbox = await makeSandbox();
    expect(() => reporterFor(sandbox, extra)).toThrow(message);
    expect(() => reporterFor(sandbox, extra)).toThrow(
      expect.objectContaining({ code: "INVALID_CONFIG" }),
    );
  });

  it("names every problem at once, the missing privacy page with the rest", async () => {
    const sandbox = await makeSandbox();
    const attempt = () =>
      reporterFor(sandbox, {
        app: "X",
        repo: "y",
        colour: "z",
        endpoint: "http://crash.example.com",
        privacyUrl: undefined,
      });
    expect(attempt).toThrow(/^invalid crashfix config: /);
    expect(attempt).toThrow(/app must be a lower-case id/);
    expect(attempt).toThrow(/repo must be the public repository/);
    expect(attempt).toThrow(/colour is not a crashfix setting/);
    expect(attempt).toThrow(/endpoint must be an https URL/);
    expect(attempt).toThrow(/privacyUrl is missing: with an endpoint/);
  });

  it("reaches a host author who did not catch it as a CrashfixError, over a short source line", async () => {
    const sandbox = await makeSandbox();
    const result = await runHost(sandbox, "ok", { config: hostConfig({ app: "Loki Mode" }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /\nCrashfixError: invalid crashfix config: app must be a lower-case id/,
    );
    // Node prints the bundle's line the error was thrown from: a line, not the bundle.
    const longest = Math.max(...result.stderr.split("\n").map((line) => line.length));
    expect(longest).toBeLessThan(400);
  });

  it("records the host's settings at install, for the standalone command, only when they change", async () => {
    const sandbox = await makeSandbox();
    const endpoint = { endpoint: "https://crash.example.com" };
    reporterFor(sandbox, endpoint).install().uninstall();
    const file = join(sandbox.stateDir, "crashfix.json");
    const written = JSON.parse(await readFile(file, "utf8"));
    expect(written).toEqual({ ...hostConfig(endpoint) });
    const { mtimeMs } = await stat(file);
    reporterFor(sandbox, endpoint).install().uninstall();
    expect((await stat(file)).mtimeMs).toBe(mtimeMs);
    reporterFor(sandbox, { ...endpoint, version: "1.5.0" })
      .install()
      .uninstall();
    expect(JSON.parse(await readFile(file, "utf8")).version).toBe("1.5.0");
  });

  it("resolves defaults: state in ~/.<app>, reports in ./.<app>, prefix from the app id", async () => {
    const sandbox = await makeSandbox();
    const reporter = reporterFor(sandbox, { app: "loki-mode", endpoint: "https://x.example/" });
    expect(reporter.config.paths.configFile).toBe(join(sandbox.home, ".loki-mode", "config"));
    expect(reporter.config.paths.crashDir).toBe(join(sandbox.project, ".loki-mode", "crash"));
    expect(reporter.config.envPrefix).toBe("LOKI_MODE");
    expect(reporter.config.endpoint).toBe("https://x.example");
  });
});

describe("capture", () => {
  it("fails closed: input the scrubber refuses writes no report, and the log holds only a code", async () => {
    const sandbox = await makeSandbox();
    const reporter = reporterFor(sandbox);
    const secretPhase = `ghp_16C7e42F292c6912E7710c838347Ae178B4a${"x".repeat(5000)}`;
    const result = reporter.capture(new Error("boom"), { phase: secretPhase });
    expect(result).toEqual({ ok: false, code: "INVALID_INPUT" });
    expect(await reportFiles(sandbox.crashDir)).toEqual([]);
    const log = await readFile(join(sandbox.crashDir, "capture.log"), "utf8");
    expect(log).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ capture failed \(INVALID_INPUT\); nothing was written or sent\n$/,
    );
  });

  it("keeps at most 100 reports and 25 queued, dropping the oldest", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    let clock = Date.parse("2026-01-01T00:00:00Z");
    const reporter = reporterFor(sandbox, { endpoint: ingest.url }, () => {
      clock += 1000;
      return clock;
    });
    const capture = async (count: number) => {
      for (let i = 0; i < count; i += 1) expect(reporter.capture(new Error(`e${i}`)).ok).toBe(true);
      return reportFiles(sandbox.crashDir);
    };
    // Capture n is stamped n seconds after midnight; `hhmmss` as in the name.
    const at = (files: string[], hhmmss: string) =>
      files.some((name) => name.includes(`20260101T${hhmmss}Z`));
    // Captures 1..100 land at 00:00:01..00:01:40; nothing is dropped yet.
    expect(await capture(100)).toHaveLength(100);
    // The 101st goes over: the oldest goes.
    const files = await capture(1);
    expect(files).toHaveLength(100);
    expect(at(files, "000001")).toBe(false);
    expect(at(files, "000002")).toBe(true);
    expect(at(files, "000141")).toBe(true); // the 101st, the newest
    // The outbox is held to its cap exactly.
    expect(await reportFiles(sandbox.outboxDir)).toHaveLength(25);
  });

  it("does not lose a report when its random id happens to trip a scrub rule (600 captures)", async () => {
    const sandbox = await makeSandbox();
    const reporter = reporterFor(sandbox);
    const failures = [];
    for (let i = 0; i < 600; i += 1) {
      const result = reporter.capture(new Error("same bug"));
      if (!result.ok) failures.push(result.code);
    }
    expect(failures).toEqual([]);
  });

  it("reports a failing provider once, at the threshold, and tags 429 as a rate-limit loop", async () => {
    const sandbox = await makeSandbox();
    const reporter = reporterFor(sandbox);
    expect(reporter.providerFailure("anthropic", { status: 429 })).toBeUndefined();
    expect(reporter.providerFailure("anthropic", { status: 429 })).toBeUndefined();
    const third = reporter.providerFailure("anthropic", { status: 429, phase: "ACT" });
    expect(third?.ok).toBe(true);
    expect(reporter.providerFailure("anthropic", { status: 429 })).toBeUndefined();
    const [file] = await reportFiles(sandbox.crashDir);
    const report = JSON.parse(await readFile(join(sandbox.crashDir, file as string), "utf8"));
    expect(report).toMatchObject({
      error_class: "ProviderFailure",
      friction_kind: "rate_limit_loop",
      phase: "ACT",
      stack_signature: ["provider_anthropic", "http_429"],
    });
  });

  it.each([
    ["a Slack token", "xoxb-1234-5678-AbCdEfGhIjKlMnOp"],
    ["a GitLab token", "glpat-AbCdEfGhIjKlMnOpQrSt"],
    ["the user's name", "alicejones.openai.azure.com"],
  ])("names a provider whose id holds %s `redacted`", async (_what, id) => {
    const sandbox = await makeSandbox();
    const reporter = reporterFor(sandbox);
    for (let i = 0; i < 3; i += 1) reporter.providerFailure(id, { status: 500 });
    const [file] = await reportFiles(sandbox.crashDir);
    const text = await readFile(join(sandbox.crashDir, file as string), "utf8");
    expect(JSON.parse(text).stack_signature).toEqual(["provider_redacted", "http_500"]);
    expect(text).not.toContain(id.slice(0, 10).replace(/[.-]/g, "_"));
  });

  it("friction honours a custom threshold per kind and phase", async () => {
    const sandbox = await makeSandbox();
    const reporter = reporterFor(sandbox);
    expect(reporter.friction("gate_failure", { threshold: 1, phase: "VERIFY" })?.ok).toBe(true);
    expect(reporter.friction("gate_failure", { threshold: 1, phase: "VERIFY" })).toBeUndefined();
    expect(reporter.friction("gate_failure", { threshold: 1, phase: "REVIEW" })?.ok).toBe(true);
  });
});
