import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { type AddressInfo, createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { notWrittenHere, SCRUBBED_FURTHER } from "../../cli/outbox/flush-outbox.js";
import { reportFileName } from "../../cli/store/save-report.js";
import type { Report } from "../../redact/capture.js";
import { fingerprint } from "../../redact/fingerprint.js";
import { type Ingest, startIngest } from "./fake-ingest.js";
import {
  baseEnv,
  hostConfig,
  makeSandbox,
  PRIVACY_URL,
  reportFiles,
  run,
  runBin,
  runHost,
  type Sandbox,
  SECRETS,
  standaloneCommand,
  writeConfig,
} from "./helpers.js";

let ingest: Ingest;
beforeAll(async () => {
  ingest = await startIngest();
});
afterAll(() => ingest.close());

/**
 * Reports kept on the machine by a host without an endpoint (so nothing
 * flushes in the background behind the test's back); `crash submit` with
 * CRASHFIX_ENDPOINT queues and sends them.
 */
async function localSandbox(count = 1): Promise<Sandbox> {
  const sandbox = await makeSandbox();
  await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
  const runs = [];
  for (let i = 0; i < count; i += 1)
    runs.push(await runHost(sandbox, "throw", { config: hostConfig() }));
  const files = await reportFiles(sandbox.crashDir);
  expect(
    files,
    JSON.stringify({ runs, files, crash: await reportFiles(sandbox.crashDir) }),
  ).toHaveLength(count);
  return sandbox;
}

/** `crash submit` of the given ids, else of every report (`--all`: these are kept on the machine). */
function submit(sandbox: Sandbox, args: string[] = [], timeoutMs = "10000") {
  return runBin(
    ["--app", "loki", "crash", "submit", ...(args.length > 0 ? args : ["--all"])],
    sandbox,
    {
      CRASHFIX_ENDPOINT: ingest.url,
      CRASHFIX_REPO: "acme/loki",
      CRASHFIX_TIMEOUT_MS: timeoutMs,
    },
  );
}

describe("crash submit", () => {
  it.each([
    {
      why: "collection is off (LOKI_TELEMETRY=off)",
      env: { LOKI_TELEMETRY: "off" },
    },
    { why: "collection is off (DO_NOT_TRACK is set)", env: { DO_NOT_TRACK: "1" } },
    {
      why: "collection is off (CI detected; set LOKI_TELEMETRY=on to send from CI)",
      env: { CI: "true" },
    },
  ])("names the real reason when nothing is sent ($why), and exits 1", async ({ why, env }) => {
    const sandbox = await localSandbox();
    const result = await runBin(["--app", "loki", "crash", "submit", "--all"], sandbox, {
      ...env,
      CRASHFIX_ENDPOINT: ingest.url,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`Not sent: ${why}.\n`);
    expect(result.stdout).toContain("exactly what would be sent");
  });

  it("while the first run is still going, queues the reports it was asked for and offers no link to file them by hand, which would duplicate the send", async () => {
    const sandbox = await localSandbox();
    const [name] = await reportFiles(sandbox.crashDir);
    const id = (name as string).slice(-13, -5);
    const result = await runBin(["--app", "loki", "crash", "submit", id], sandbox, {
      CRASHFIX_FIRST_RUN: "loki",
      CRASHFIX_ENDPOINT: ingest.url,
      CRASHFIX_REPO: "acme/loki",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "Not sent: this process is part of the first run; reports wait until it has ended.\n",
    );
    expect(result.stdout).toBe(
      `queued ${id}: it will be sent once the first run has ended, so there is no need to file it yourself\n`,
    );
    expect(result.stdout).not.toContain("github.com");
    expect(await reportFiles(sandbox.outboxDir)).toEqual([name]);
  });

  it("in a first run, shows the notice and sends nothing; the next run sends", async () => {
    const sandbox = await localSandbox();
    await writeConfig(sandbox, "");
    const env = { CRASHFIX_ENDPOINT: ingest.url };
    const first = await runBin(["--app", "loki", "crash", "submit", "--all"], sandbox, env);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/^Loki Mode reports the crashes you hit/);
    expect(first.stderr).toContain(
      "Not sent: the first-run notice above was just shown, and nothing is sent before this run has ended; run this command again to send.\n",
    );
    ingest.respond = [(res) => res.writeHead(202).end()];
    const second = await runBin(["--app", "loki", "crash", "submit", "--all"], sandbox, env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^sent [0-9a-f]{8}\n$/);
  });

  it("survives a failing, then a hanging, then a working ingest: no loss, no double send", async () => {
    const sandbox = await localSandbox();
    const hung: import("node:http").ServerResponse[] = [];
    ingest.requests.length = 0;
    ingest.respond = [
      (res) => res.writeHead(500).end("oops"),
      (res) => {
        hung.push(res); // never answered: the client times out
      },
      (res) => res.writeHead(202).end(),
    ];

    const failed = await submit(sandbox);
    expect(failed.code).toBe(1);
    // Kept on this machine until this submit queued it.
    expect(failed.stdout).toMatch(
      /not sent [0-9a-f]{8}: HTTP 500; it is queued and will be sent by a later start\n/,
    );
    expect(await reportFiles(sandbox.outboxDir)).toHaveLength(1);

    const timedOut = await submit(sandbox, [], "300");
    expect(timedOut.code).toBe(1);
    expect(timedOut.stdout).toMatch(/timed out; it stays queued/);
    expect(await reportFiles(sandbox.outboxDir)).toHaveLength(1);

    const ok = await submit(sandbox);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^sent [0-9a-f]{8}$/m);
    expect(await reportFiles(sandbox.outboxDir)).toEqual([]);
    expect(await reportFiles(join(sandbox.crashDir, "sent"))).toHaveLength(1);

    const again = await submit(sandbox);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("Nothing to submit: no report waits to be sent.\n");
    expect(ingest.requests).toHaveLength(3);
    const keys = new Set(ingest.requests.map((r) => r.headers["idempotency-key"]));
    expect(keys.size).toBe(1);
    const bodies = new Set(ingest.requests.map((r) => r.body));
    expect(bodies.size).toBe(1);
    for (const res of hung) res.destroy();
  });

  it("waits for a send already running (the host's background flush) and then sends", async () => {
    const sandbox = await localSandbox();
    ingest.respond = [(res) => res.writeHead(202).end()];
    const lock = join(sandbox.outboxDir, ".flush.lock");
    await mkdir(sandbox.outboxDir, { recursive: true });
    await writeFile(lock, "");
    const running = submit(sandbox);
    // submit queues the report before it asks for the lock
    await vi.waitFor(async () => expect(await reportFiles(sandbox.outboxDir)).toHaveLength(1), {
      timeout: 10_000,
    });
    await rm(lock);
    const result = await running;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^sent [0-9a-f]{8}\n$/);
  });

  it("says another send is running when it outlasts the timeout, and keeps the report queued", async () => {
    const sandbox = await localSandbox();
    await mkdir(sandbox.outboxDir, { recursive: true });
    await writeFile(join(sandbox.outboxDir, ".flush.lock"), "");
    const result = await submit(sandbox, [], "300");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("Not sent: another flush is running.\n");
    expect(await reportFiles(sandbox.outboxDir)).toHaveLength(1);
  });

  it.each([400, 413])(
    "moves a report the ingest refuses with %i to rejected/ with the reason",
    async (status) => {
      const sandbox = await localSandbox();
      ingest.respond = [(res) => res.writeHead(status).end("report too large\u0007")];
      const result = await submit(sandbox);
      expect(result.code).toBe(1);
      const rejected = join(sandbox.crashDir, "rejected");
      const [name] = await reportFiles(rejected);
      expect(name).toBeDefined();
      expect(await readFile(join(rejected, `${name}.reason.txt`), "utf8")).toBe(
        `HTTP ${status}: report too large\n`,
      );
      expect(await reportFiles(sandbox.outboxDir)).toEqual([]);
      const list = await runBin(["--app", "loki", "crash", "--json"], sandbox);
      expect(JSON.parse(list.stdout)[0].status).toBe("rejected");
    },
  );

  it("stops at 429 and remembers Retry-After for the background flush", async () => {
    const sandbox = await localSandbox(2);
    ingest.requests.length = 0;
    ingest.respond = [(res) => res.writeHead(429, { "retry-after": "120" }).end()];
    const result = await submit(sandbox);
    expect(result.code).toBe(1);
    expect(ingest.requests).toHaveLength(1);
    expect(await reportFiles(sandbox.outboxDir)).toHaveLength(2);
    const state = JSON.parse(await readFile(join(sandbox.outboxDir, ".flush-state"), "utf8"));
    expect(state.nextAttemptAt).toBeGreaterThan(Date.now() + 100_000);
  });

  it("names the system's reason when the ingest cannot be reached, and every report it did not send", async () => {
    const sandbox = await localSandbox(2);
    // A loopback port just closed: the connection is refused.
    const server = createServer().listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    server.close();
    await once(server, "close");
    const result = await runBin(["--app", "loki", "crash", "submit", "--all"], sandbox, {
      CRASHFIX_ENDPOINT: `http://127.0.0.1:${port}`,
    });
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    // Both were kept on this machine: this submit queued them, so they did not "stay" queued.
    expect(lines[0]).toMatch(
      /^not sent [0-9a-f]{8}: network error \(ECONNREFUSED\); it is queued and will be sent by a later start$/,
    );
    expect(lines[1]).toMatch(
      /^not sent [0-9a-f]{8}: not tried after the failure above; it is queued and will be sent by a later start$/,
    );
    expect(await reportFiles(sandbox.outboxDir)).toHaveLength(2);
    // Asked again, they were queued before it.
    const again = await runBin(["--app", "loki", "crash", "submit"], sandbox, {
      CRASHFIX_ENDPOINT: `http://127.0.0.1:${port}`,
    });
    expect(again.stdout.trimEnd().split("\n")[0]).toMatch(
      /^not sent [0-9a-f]{8}: network error \(ECONNREFUSED\); it stays queued$/,
    );
  });

  it("sends only queued reports unless told: reports kept on the machine go by id or --all", async () => {
    const sandbox = await localSandbox(2);
    ingest.requests.length = 0;
    ingest.respond = [(res) => res.writeHead(202).end()];
    const bare = await runBin(["--app", "loki", "crash", "submit"], sandbox, {
      CRASHFIX_ENDPOINT: ingest.url,
    });
    expect(bare.code).toBe(1);
    expect(bare.stdout).toBe("");
    expect(bare.stderr).toBe(
      "2 reports kept on this machine while collection was off or no endpoint was set are not sent; name one or use --all\n",
    );
    expect(ingest.requests).toHaveLength(0);
    const all = await submit(sandbox);
    expect(all.code).toBe(0);
    expect(all.stdout.match(/^sent [0-9a-f]{8}$/gm)).toHaveLength(2);
    // One sent already, named again: said, not sent twice.
    const [first] = JSON.parse(
      (await runBin(["--app", "loki", "crash", "--json"], sandbox)).stdout,
    );
    const again = await submit(sandbox, [first.id]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`already sent ${first.id}\n`);
    expect(ingest.requests).toHaveLength(2);
  });

  const ENDPOINT = { CRASHFIX_ENDPOINT: "https://crash.acme.example" };
  it.each([
    {
      setup: "DO_NOT_TRACK=1",
      env: { ...ENDPOINT, DO_NOT_TRACK: "1" },
      reason: "collection is off (DO_NOT_TRACK is set), so none is sent",
    },
    {
      setup: "LOKI_TELEMETRY=off",
      env: { ...ENDPOINT, LOKI_TELEMETRY: "off" },
      reason: "collection is off (LOKI_TELEMETRY=off), so none is sent",
    },
    {
      setup: "the config file",
      config: "DISCLOSURE_SHOWN=true\nTELEMETRY_DISABLED=true\n",
      env: ENDPOINT,
      reason: "collection is off (TELEMETRY_DISABLED=true in CONFIG), so none is sent",
    },
    {
      setup: "no endpoint",
      env: {},
      reason: "Loki Mode has no endpoint configured, so none is sent",
    },
  ])(
    "with $setup, a bare submit says why reports kept here are not sent and what prints one, and exits 1",
    async ({ env, config, reason }) => {
      const sandbox = await localSandbox(2);
      if (config !== undefined) await writeConfig(sandbox, config);
      const bare = await runBin(["--app", "loki", "crash", "submit"], sandbox, env);
      expect(bare.code).toBe(1);
      // No "Nothing to submit" after the reason: reports are there, and none went.
      expect(bare.stdout).toBe("");
      expect(bare.stderr).toBe(
        `2 reports kept on this machine: ${reason.replace("CONFIG", sandbox.configFile)}; \`${standaloneCommand()} crash submit <id>\` prints one with a link to file it by hand\n`,
      );
      const json = await runBin(["--app", "loki", "crash", "submit", "--json"], sandbox, env);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({ sent: [], skipped: expect.any(String) });
    },
  );

  it("with no report at all, has nothing to submit and exits 0", async () => {
    const sandbox = await makeSandbox();
    const result = await runBin(["--app", "loki", "crash", "submit"], sandbox, {
      ...ENDPOINT,
      CRASHFIX_PRIVACY_URL: PRIVACY_URL,
      DO_NOT_TRACK: "1",
    });
    expect(result).toMatchObject({
      code: 0,
      stdout: "Nothing to submit: no report waits to be sent.\n",
      stderr: "",
    });
  });

  it("after `telemetry off` then `on`, says the reports were kept while collection was off, not captured so", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    // Port 9 is one fetch never connects to: the report stays queued.
    const unreachable = "http://127.0.0.1:9";
    await runHost(sandbox, "throw", { config: hostConfig({ endpoint: unreachable }) });
    expect(await reportFiles(sandbox.outboxDir)).toHaveLength(1);
    const env = { CRASHFIX_ENDPOINT: unreachable };
    expect((await runBin(["--app", "loki", "telemetry", "off"], sandbox, env)).code).toBe(0);
    expect((await runBin(["--app", "loki", "telemetry", "on"], sandbox, env)).code).toBe(0);
    const bare = await runBin(["--app", "loki", "crash", "submit"], sandbox, env);
    expect(bare).toMatchObject({
      code: 1,
      stdout: "",
      stderr:
        "1 report kept on this machine while collection was off or no endpoint was set is not sent; name it or use --all\n",
    });
  });

  it("with a config file it cannot read, sends nothing and exits 3, as for every configuration problem", async () => {
    const sandbox = await localSandbox(1);
    await rm(sandbox.configFile);
    await mkdir(sandbox.configFile);
    const [id] = (await reportFiles(sandbox.crashDir)).map((name) =>
      name.split("-")[2]?.slice(0, 8),
    );
    for (const args of [[], ["--all"], [id as string]]) {
      const result = await runBin(["--app", "loki", "crash", "submit", ...args], sandbox, ENDPOINT);
      expect(result.code, args.join(" ")).toBe(3);
      expect(result.stderr, args.join(" ")).toMatch(
        /collection is off \(cannot read .*config: it is a folder, not a file: move or rename it\)/,
      );
    }
  });

  it("with a config file it cannot read and no report at all, says so and exits 3 too", async () => {
    const sandbox = await makeSandbox();
    await mkdir(sandbox.configFile, { recursive: true });
    const result = await runBin(["--app", "loki", "crash", "submit"], sandbox, {
      ...ENDPOINT,
      CRASHFIX_PRIVACY_URL: PRIVACY_URL,
    });
    expect(result, result.stderr).toMatchObject({
      code: 3,
      stdout: "Nothing to submit: no report waits to be sent.\n",
    });
    expect(result.stderr).toMatch(
      /^collection is off \(cannot read .*config: it is a folder, not a file: move or rename it\)\n$/,
    );
  });

  it("from a host with its own state folder and no command, sends with the hint's own command line", async () => {
    const sandbox = await makeSandbox();
    const stateDir = join(sandbox.home, "loki-state");
    await mkdir(stateDir, { recursive: true });
    await writeFile(join(stateDir, "config"), "DISCLOSURE_SHOWN=true\n");
    ingest.respond = [(res) => res.writeHead(202).end()];
    // A crash report waits for the next start; the user sends it now, as told.
    const crash = await runHost(sandbox, "throw", {
      config: hostConfig({ endpoint: ingest.url, stateDir }),
    });
    const hint = /send it now: (.+ crash submit [0-9a-f]{8})\n/.exec(crash.stderr)?.[1];
    expect(hint).toMatch(/^CRASHFIX_STATE_DIR=\S+ node \S+ --app loki crash submit [0-9a-f]{8}$/);
    const before = ingest.requests.length;
    const sent = await run("sh", ["-c", hint as string], {
      cwd: sandbox.project,
      env: baseEnv(sandbox),
    });
    expect(sent.stdout, sent.stderr).toMatch(/^sent [0-9a-f]{8}\n/);
    expect(ingest.requests.length).toBe(before + 1);
  });

  it("sends one report by id and leaves the others as they were", async () => {
    const sandbox = await localSandbox(2);
    ingest.respond = [(res) => res.writeHead(202).end()];
    const list = JSON.parse((await runBin(["--app", "loki", "crash", "--json"], sandbox)).stdout);
    const result = await submit(sandbox, [list[0].id]);
    expect(result.code).toBe(0);
    const after = JSON.parse((await runBin(["--app", "loki", "crash", "--json"], sandbox)).stdout);
    expect(after.map((entry: { status: string }) => entry.status)).toEqual(["sent", "local"]);
  });

  it("without an endpoint prints the payload and a prefilled issue link under GitHub's URL limit", async () => {
    const sandbox = await localSandbox();
    const result = await runBin(["--app", "loki", "crash", "submit", "--all"], sandbox, {
      CRASHFIX_REPO: "acme/loki",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "Not sent: Loki Mode has no endpoint configured, so reports stay on this machine.\n",
    );
    const url = result.stdout.split("\n").find((line) => line.startsWith("https://github.com/"));
    expect(url).toBeDefined();
    expect(url?.length).toBeLessThanOrEqual(8000);
    const parsed = new URL(url as string);
    expect(parsed.pathname).toBe("/acme/loki/issues/new");
    expect(parsed.searchParams.get("title")).toMatch(/^Crash: TypeError in loki 1\.4\.2/);
    const [name] = await reportFiles(sandbox.crashDir);
    const payload = await readFile(join(sandbox.crashDir, name as string), "utf8");
    expect(parsed.searchParams.get("body")).toContain(payload.trimEnd());
    expect(result.stdout).toContain(payload);
    expect(existsSync(join(sandbox.outboxDir, name as string))).toBe(false);
  });
});

/**
 * Edits the sandbox's one kept report as someone with access to the folder
 * could, its fingerprint made to match again (a public sha256) and, unless
 * `keepName`, its file renamed to match; returns the report's short id.
 */
async function editKeptReport(
  sandbox: Sandbox,
  edit: (report: Report) => void,
  keepName = false,
): Promise<string> {
  const [name] = await reportFiles(sandbox.crashDir);
  const file = join(sandbox.crashDir, name as string);
  const report = JSON.parse(await readFile(file, "utf8")) as Report;
  edit(report);
  report.fingerprint = fingerprint(report.error_class, report.stack_signature);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  if (!keepName) await rename(file, join(sandbox.crashDir, reportFileName(report)));
  return report.report_id.slice(0, 8);
}

// A report file is checked again as it is sent: anyone who can write the
// project folder (or a cloned repository that carries one) could have
// changed it since the capture wrote it.
describe("a send checks each report again", () => {
  it.each([
    {
      what: "a token put into a frame name",
      edit: (r: Report) => r.stack_signature.push(SECRETS.token),
      why: SCRUBBED_FURTHER,
    },
    {
      what: "the user's account name as the phase",
      edit: (r: Report) => {
        r.phase = `${SECRETS.user}_payroll`;
      },
      why: SCRUBBED_FURTHER,
    },
    {
      what: "another app's report",
      edit: (r: Report) => {
        r.app = "otherapp";
      },
      why: "a report of another app",
    },
    {
      what: "a capture time in the future",
      edit: (r: Report) => {
        r.captured_at = "2099-01-01T00:00:00Z";
      },
      why: "its capture time is in the future",
    },
  ])(
    "refuses $what: nothing leaves, and the report moves to rejected/ with why",
    async ({ edit, why }) => {
      const sandbox = await localSandbox();
      ingest.respond = [(res) => res.writeHead(202).end()];
      const id = await editKeptReport(sandbox, edit);
      const before = ingest.requests.length;
      const result = await submit(sandbox, [id]);
      expect(result.code).toBe(1);
      expect(ingest.requests.length).toBe(before);
      const rejected = join(sandbox.crashDir, "rejected");
      const [name] = await reportFiles(rejected);
      expect(await readFile(join(rejected, `${name}.reason.txt`), "utf8")).toBe(`${why}\n`);
      expect(await reportFiles(sandbox.outboxDir)).toEqual([]);
    },
  );

  it("refuses a report whose file name does not match its contents", async () => {
    const sandbox = await localSandbox();
    const id = await editKeptReport(
      sandbox,
      (r) => {
        r.captured_at = "2026-01-01T00:00:00Z";
      },
      true,
    );
    const before = ingest.requests.length;
    expect((await submit(sandbox, [id])).code).toBe(1);
    expect(ingest.requests.length).toBe(before);
    const [name] = await reportFiles(join(sandbox.crashDir, "rejected"));
    expect(await readFile(join(sandbox.crashDir, "rejected", `${name}.reason.txt`), "utf8")).toBe(
      "its file name does not match its contents\n",
    );
  });

  it("sends no report this machine's crashfix did not write: a clean one planted in a clone's outbox is refused, the user's own goes", async () => {
    // A report of this app, clean under every check, written on another
    // machine (its own home): what a repository could carry in .loki/crash/outbox/.
    const elsewhere = await localSandbox();
    const [planted] = await reportFiles(elsewhere.crashDir);
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    const config = hostConfig({ endpoint: ingest.url });
    ingest.respond = [(res) => res.writeHead(202).end()];
    await runHost(sandbox, "throw", { config });
    const [own] = await reportFiles(sandbox.outboxDir);
    const ownId = JSON.parse(await readFile(join(sandbox.outboxDir, own as string), "utf8"))
      .report_id as string;
    await writeFile(
      join(sandbox.outboxDir, planted as string),
      await readFile(join(elsewhere.crashDir, planted as string)),
    );
    const before = ingest.requests.length;
    await runHost(sandbox, "ok", { config });
    await vi.waitFor(async () => expect(await reportFiles(sandbox.outboxDir)).toEqual([]), {
      timeout: 15_000,
    });
    const sent = ingest.requests.slice(before);
    expect(sent.map((request) => request.headers["idempotency-key"])).toEqual([ownId]);
    const rejected = join(sandbox.crashDir, "rejected");
    expect(await reportFiles(rejected)).toEqual([planted]);
    expect(await readFile(join(rejected, `${planted}.reason.txt`), "utf8")).toBe(
      `${notWrittenHere(join(sandbox.stateDir, "written-reports"))}\n`,
    );
  });

  it("says a report it cannot record as this machine's cannot be sent, and offers no send", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    const list = join(sandbox.stateDir, "written-reports");
    await mkdir(list);
    const result = await runHost(sandbox, "throw", {
      config: hostConfig({ endpoint: ingest.url, command: "loki" }),
    });
    expect(result.stderr).toContain(
      `Nothing was sent, and it cannot be: crashfix could not write ${list}, and sends only reports recorded there.`,
    );
    expect(result.stderr).toContain("see it: loki crash show");
    expect(result.stderr).not.toContain("crash submit");
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(1);
    expect(await reportFiles(sandbox.outboxDir)).toEqual([]);
  });

  it("leaves every report queued when the list of reports written cannot be read, and says why", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    await runHost(sandbox, "throw", { config: hostConfig({ endpoint: ingest.url }) });
    const [queued] = await reportFiles(sandbox.outboxDir);
    const list = join(sandbox.stateDir, "written-reports");
    await rm(list);
    await mkdir(list);
    const before = ingest.requests.length;
    const result = await submit(sandbox);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot read ${list}: it is not a file: move or delete it`);
    expect(ingest.requests.length).toBe(before);
    expect(await reportFiles(sandbox.outboxDir)).toEqual([queued]);
    expect(await reportFiles(join(sandbox.crashDir, "rejected"))).toEqual([]);
  });

  it("sends nothing through an outbox that is a link (a clone's `outbox -> .`), and `telemetry off` removes only the link", async () => {
    const sandbox = await localSandbox(2);
    await symlink(".", sandbox.outboxDir);
    const before = ingest.requests.length;
    const result = await submit(sandbox);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${sandbox.outboxDir} is a link, not a folder crashfix made: delete it`,
    );
    expect(ingest.requests.length).toBe(before);
    const off = await runBin(["--app", "loki", "telemetry", "off"], sandbox);
    expect(off.code).toBe(0);
    expect(existsSync(sandbox.outboxDir)).toBe(false);
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(2);
  });

  it.each([
    { outbox: "another .json (a clone's)", file: "notes.json", starts: false },
    {
      outbox: "a report's name",
      file: "0123456789abcdef-20261206T101010Z-0123abcd.json",
      starts: true,
    },
  ])(
    "a Node host's start sends in the background only for a report in the outbox: $outbox",
    async ({ file, starts }) => {
      const sandbox = await makeSandbox();
      await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
      await mkdir(sandbox.outboxDir, { recursive: true });
      await writeFile(join(sandbox.outboxDir, file), "{}\n");
      // Inherited by the background send the host starts, which marks its start.
      const mark = join(sandbox.root, "flush-started");
      const marker = join(sandbox.root, "mark-flush.cjs");
      await writeFile(
        marker,
        `if (process.argv.includes("__flush")) require("node:fs").writeFileSync(${JSON.stringify(mark)}, "");\n`,
      );
      await runHost(sandbox, "ok", {
        config: hostConfig({ endpoint: ingest.url }),
        env: { NODE_OPTIONS: `--require ${marker}` },
      });
      if (starts) {
        await vi.waitFor(() => expect(existsSync(mark)).toBe(true), { timeout: 10_000 });
      } else {
        // As long as a send that did start takes to show, then none may have.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        expect(existsSync(mark)).toBe(false);
      }
    },
  );

  it("sends no file a link in the outbox points at", async () => {
    const sandbox = await localSandbox();
    ingest.respond = [(res) => res.writeHead(202).end()];
    const [name] = await reportFiles(sandbox.crashDir);
    // A valid report of this app, kept elsewhere, linked into the outbox.
    const elsewhere = join(sandbox.root, "elsewhere.json");
    await rename(join(sandbox.crashDir, name as string), elsewhere);
    await mkdir(sandbox.outboxDir, { recursive: true });
    await symlink(elsewhere, join(sandbox.outboxDir, name as string));
    const before = ingest.requests.length;
    await runHost(sandbox, "ok", { config: hostConfig({ endpoint: ingest.url }) });
    await vi.waitFor(async () => expect(await reportFiles(sandbox.outboxDir)).toEqual([]), {
      timeout: 15_000,
    });
    expect(ingest.requests.length).toBe(before);
    expect(await readFile(join(sandbox.crashDir, "rejected", `${name}.reason.txt`), "utf8")).toBe(
      "not a report file crashfix wrote (a link or a folder)\n",
    );
    expect(existsSync(elsewhere)).toBe(true);
  });
});
