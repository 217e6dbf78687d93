import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Cli from "../../cli/index.js";
import { type Ingest, startIngest } from "./fake-ingest.js";
import { hostConfig, makeSandbox, reportFiles, type Sandbox, writeConfig } from "./helpers.js";
import { loadClient, reporterFor as reporterWith, sink } from "./in-process.js";

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

describe("flushOutbox never sends early", () => {
  // Queued while collection was on; the config is then changed behind its back.
  async function queued(configText: string): Promise<Sandbox> {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    reporterFor(sandbox, { endpoint: ingest.url }).capture(new Error("queued"));
    expect(await reportFiles(sandbox.outboxDir)).toHaveLength(1);
    await writeConfig(sandbox, configText);
    return sandbox;
  }

  it.each([
    ["before the first-run notice was shown", "", {}, /first-run notice has not been shown/],
    [
      "when collection is off",
      "DISCLOSURE_SHOWN=true\nTELEMETRY_DISABLED=true\n",
      {},
      /collection is off/,
    ],
    [
      "when DO_NOT_TRACK is set",
      "DISCLOSURE_SHOWN=true\n",
      { DO_NOT_TRACK: "1" },
      /collection is off/,
    ],
  ])("%s", async (_label, configText, env, skipped) => {
    const sandbox = await queued(configText);
    const before = ingest.requests.length;
    const config = reporterFor(sandbox, { endpoint: ingest.url }).config;
    const result = await cli.flushOutbox({ config, env });
    expect(result.skipped).toMatch(skipped);
    expect(ingest.requests.length).toBe(before);
    expect(await reportFiles(sandbox.outboxDir)).toHaveLength(1);
  });

  it("while the first run is still going", async () => {
    const sandbox = await queued("DISCLOSURE_SHOWN=true\n");
    const config = reporterFor(sandbox, { endpoint: ingest.url }).config;
    const result = await cli.flushOutbox({ config, env: { CRASHFIX_FIRST_RUN: "loki" } });
    expect(result.skipped).toMatch(/part of the first run/);
  });

  it("without an endpoint", async () => {
    const sandbox = await queued("DISCLOSURE_SHOWN=true\n");
    const result = await cli.flushOutbox({ config: reporterFor(sandbox).config, env: {} });
    expect(result.skipped).toBe("no endpoint is configured");
  });

  it("respects the backoff unless asked to ignore it, and caps requests per run", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    const reporter = reporterFor(sandbox, { endpoint: ingest.url });
    for (let i = 0; i < 3; i += 1) reporter.capture(new Error(`e${i}`));
    ingest.respond = [(res) => res.writeHead(503).end()];
    const first = await cli.flushOutbox({ config: reporter.config, env: {} });
    expect(first.failed).toHaveLength(1);
    const second = await cli.flushOutbox({ config: reporter.config, env: {} });
    expect(second.skipped).toMatch(/^backing off until /);
    ingest.respond = [(res) => res.writeHead(202).end()];
    const capped = await cli.flushOutbox({
      config: reporter.config,
      env: {},
      ignoreBackoff: true,
      maxReports: 2,
    });
    expect(capped.sent).toHaveLength(2);
    expect(await reportFiles(sandbox.outboxDir)).toHaveLength(1);
  });

  it("a second flusher finding the lock held sends nothing", async () => {
    const sandbox = await queued("DISCLOSURE_SHOWN=true\n");
    const config = reporterFor(sandbox, { endpoint: ingest.url }).config;
    const { writeFile } = await import("node:fs/promises");
    await writeFile(config.paths.flushLockFile, "");
    const result = await cli.flushOutbox({ config, env: {} });
    expect(result.skipped).toBe("another flush is running");
    expect(existsSync(config.paths.flushLockFile)).toBe(true);
  });
});

describe("runCrashfixCommand mounted in a host", () => {
  it("writes to the host's streams and names the host's command in messages", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    reporterFor(sandbox, { endpoint: ingest.url }).capture(new Error("x"));
    const stdout = sink();
    const stderr = sink();
    const io = {
      config: hostConfig({ command: "loki", endpoint: ingest.url }) as Cli.CrashReporterConfig,
      env: {},
      cwd: sandbox.project,
      home: sandbox.home,
      stdout,
      stderr,
    };
    expect(await cli.runCrashfixCommand(["doctor"], io)).toBe(0);
    expect(stdout.text).toBe("telemetry: on (default), crash buffer: 1 pending\n");
    expect(await cli.runCrashfixCommand(["crash", "show", "../x"], io)).toBe(cli.EXIT_CODES.USAGE);
    expect(stderr.text).toMatch(/^loki: "\.\.\/x" is not a report id/);
    expect(await cli.runCrashfixCommand(["crash", "show", "ffff"], io)).toBe(
      cli.EXIT_CODES.NOT_FOUND,
    );
    const files = await readdir(sandbox.crashDir);
    expect(files.filter((name) => name.endsWith(".json"))).toHaveLength(1);
  });
});

describe("decideCollection, for a host's own telemetry", () => {
  it("gives the reporter's answer from the same config object", async () => {
    const sandbox = await makeSandbox();
    const options = { env: {}, home: sandbox.home, cwd: sandbox.project };
    const config = hostConfig({ endpoint: ingest.url }) as Cli.CrashReporterConfig;
    expect(cli.decideCollection(config, options)).toMatchObject({
      enabled: false,
      state: "first-run",
      reason: "the first-run notice has not been shown yet",
    });
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    expect(cli.decideCollection(config, options)).toEqual({
      enabled: true,
      state: "on",
      reason: "default",
      source: "default",
    });
    expect(cli.decideCollection(config, { ...options, env: { LOKI_TELEMETRY: "off" } })).toEqual({
      enabled: false,
      state: "off",
      reason: "LOKI_TELEMETRY=off",
      source: "env",
    });
    const inFirstRun = { ...options, env: { CRASHFIX_FIRST_RUN: "tally,loki" } };
    expect(cli.decideCollection(config, inFirstRun).state).toBe("first-run");
  });

  it("answers local, never on, for a host with no endpoint once its notice said nothing is sent", async () => {
    const sandbox = await makeSandbox();
    const options = { env: { LOKI_TELEMETRY: "on" }, home: sandbox.home, cwd: sandbox.project };
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=local\n");
    expect(cli.decideCollection(hostConfig() as Cli.CrashReporterConfig, options)).toEqual({
      enabled: false,
      state: "local",
      reason:
        "reports are kept on this machine and nothing is sent: Loki Mode configures no endpoint to send them to",
      source: "host",
    });
  });
});
