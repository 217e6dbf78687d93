import { existsSync } from "node:fs";
import { copyFile, cp, mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Ingest, startIngest } from "./fake-ingest.js";
import {
  hostConfig,
  makeSandbox,
  PRIVACY_URL,
  reportFiles,
  runBin,
  runHost,
  type Sandbox,
  writeConfig,
} from "./helpers.js";

let ingest: Ingest;
beforeAll(async () => {
  ingest = await startIngest();
});
afterAll(() => ingest.close());

/** A sandbox whose notice is recorded, with one report of its project queued to be sent. */
async function withOneQueued() {
  const sandbox = await makeSandbox();
  await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
  const options = { config: hostConfig({ endpoint: ingest.url }) };
  await runHost(sandbox, "throw", options);
  expect(await reportFiles(sandbox.outboxDir)).toHaveLength(1);
  return { sandbox, options };
}

/**
 * A start in the sandbox's project whose flush takes its one queued report
 * out of the outbox and sends nothing: the report stays in crash/, unqueued.
 */
async function expectWithdrawnByStart(
  sandbox: Sandbox,
  options: Parameters<typeof runHost>[2],
  requestsBefore: number,
): Promise<void> {
  await runHost(sandbox, "ok", options);
  await vi.waitFor(async () => expect(await reportFiles(sandbox.outboxDir)).toEqual([]), {
    timeout: 15_000,
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(ingest.requests.length).toBe(requestsBefore);
  expect(await reportFiles(sandbox.crashDir)).toHaveLength(1);
}

// Every way to say "off". Each run crashes once (a report would be queued)
// and then starts again (a start with queued reports would flush).
// `crash submit` exits 1 (nothing sent), or 3 when the config file itself is the problem.
const OPT_OUTS: {
  name: string;
  env?: Record<string, string>;
  config?: string;
  submitExit?: number;
}[] = [
  { name: "LOKI_TELEMETRY=off", env: { LOKI_TELEMETRY: "off" } },
  { name: "LOKI_TELEMETRY=0", env: { LOKI_TELEMETRY: "0" } },
  { name: "LOKI_TELEMETRY=false", env: { LOKI_TELEMETRY: "false" } },
  { name: "LOKI_TELEMETRY=maybe (unknown value fails closed)", env: { LOKI_TELEMETRY: "maybe" } },
  { name: "LOKI_TELEMETRY_DISABLED=true", env: { LOKI_TELEMETRY_DISABLED: "true" } },
  { name: "LOKI_TELEMETRY_DISABLED=1", env: { LOKI_TELEMETRY_DISABLED: "1" } },
  { name: "DO_NOT_TRACK=1", env: { DO_NOT_TRACK: "1" } },
  { name: "DO_NOT_TRACK=yes", env: { DO_NOT_TRACK: "yes" } },
  { name: "TELEMETRY_DISABLED=true in config", config: "TELEMETRY_DISABLED=true\n" },
  {
    name: "a corrupt config (fails closed)",
    config: "this is not a config line\n",
    submitExit: 3,
  },
  { name: "CI=true", env: { CI: "true" } },
];

describe("opting out", () => {
  it.each(OPT_OUTS)("with $name sends nothing and queues nothing", async (row) => {
    const { env, config } = row;
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, `DISCLOSURE_SHOWN=true\n${config ?? ""}`);
    const before = ingest.requests.length;
    const options = { config: hostConfig({ endpoint: ingest.url }), env: env ?? {} };
    const crash = await runHost(sandbox, "throw", options);
    expect(crash.code).toBe(1);
    const log = await readFile(join(sandbox.crashDir, "capture.log"), "utf8").catch(() => "none");
    expect(await reportFiles(sandbox.crashDir), `${crash.stderr}\nlog: ${log}`).toHaveLength(1);
    expect(await reportFiles(sandbox.outboxDir)).toEqual([]);
    await runHost(sandbox, "ok", options);
    const submit = await runBin(["--app", "loki", "crash", "submit", "--all"], sandbox, env);
    expect(submit.code).toBe(row.submitExit ?? 1);
    expect(submit.stderr).toMatch(/Not sent: collection is off/);
    // Nothing was ever queued, so no background flush had anything to send;
    // submit decided in its own process, which has ended.
    expect(await reportFiles(sandbox.outboxDir)).toEqual([]);
    expect(ingest.requests.length).toBe(before);
  });

  it("with the default (on) sends the queued report on a later start, once", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    const options = { config: hostConfig({ endpoint: ingest.url }) };
    await runHost(sandbox, "throw", options);
    expect(await reportFiles(sandbox.outboxDir)).toHaveLength(1);
    const before = ingest.requests.length;
    await runHost(sandbox, "ok", options);
    await vi.waitFor(async () => expect(await reportFiles(sandbox.outboxDir)).toEqual([]), {
      timeout: 15_000,
    });
    expect(ingest.requests.length).toBe(before + 1);
    const sent = ingest.requests.at(-1);
    const report = JSON.parse(sent?.body ?? "{}");
    expect(sent?.url).toBe("/v1/crash");
    expect(sent?.headers["idempotency-key"]).toBe(report.report_id);
  });

  it("passes an opt-out from the config file on to child processes", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\nTELEMETRY_DISABLED=true\n");
    const result = await runHost(sandbox, "child-env");
    expect(result.stdout).toBe("child sees LOKI_TELEMETRY=off\n");
  });

  // H3: a host that starts a child with an environment of its own (PATH and
  // HOME) loses the opt-out unless it adds crashfixEnv(). The child crashes;
  // a later start with the same environment would send what it queued.
  it.each([
    { name: "DO_NOT_TRACK=1", env: { DO_NOT_TRACK: "1" }, passed: "DO_NOT_TRACK,LOKI_TELEMETRY" },
    { name: "LOKI_TELEMETRY=off", env: { LOKI_TELEMETRY: "off" }, passed: "LOKI_TELEMETRY" },
    { name: "CI=true", env: { CI: "true" }, passed: "CI,LOKI_TELEMETRY" },
    {
      name: "GITHUB_ACTIONS=true",
      env: { GITHUB_ACTIONS: "true" },
      passed: "GITHUB_ACTIONS,LOKI_TELEMETRY",
    },
  ])(
    "with $name holds in a child started with PATH, HOME and crashfixEnv(): nothing queued or sent",
    async ({ env, passed }) => {
      const sandbox = await makeSandbox();
      await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
      const before = ingest.requests.length;
      const options = { config: hostConfig({ endpoint: ingest.url }) };
      const result = await runHost(sandbox, "trimmed-child", {
        ...options,
        env: { ...env, HOST_CHILD_HELPER: "1" },
      });
      expect(result.stdout).toBe(`passed ${passed}\nchild exited 1\n`);
      expect(await reportFiles(sandbox.crashDir)).toHaveLength(1);
      expect(await reportFiles(sandbox.outboxDir)).toEqual([]);
      await runHost(sandbox, "ok", options);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await reportFiles(sandbox.outboxDir)).toEqual([]);
      expect(ingest.requests.length).toBe(before);
    },
  );

  it("is lost by a child started with PATH and HOME alone, which queues its report", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    const result = await runHost(sandbox, "trimmed-child", {
      config: hostConfig({ endpoint: "http://127.0.0.1:9" }),
      env: { DO_NOT_TRACK: "1" },
    });
    expect(result.stdout).toBe("passed \nchild exited 1\n");
    expect(await reportFiles(sandbox.outboxDir)).toHaveLength(1);
  });

  it("keeps a child started with PATH, HOME and crashfixEnv() in the first run", async () => {
    const sandbox = await makeSandbox();
    const result = await runHost(sandbox, "trimmed-child", {
      config: hostConfig({ endpoint: "http://127.0.0.1:9" }),
      env: { HOST_CHILD_HELPER: "1" },
    });
    expect(result.stdout).toBe("passed CRASHFIX_FIRST_RUN\nchild exited 1\n");
  });

  it("leaves the environment alone when collection is on", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    const result = await runHost(sandbox, "child-env");
    expect(result.stdout).toBe("child sees LOKI_TELEMETRY=unset\n");
  });

  it("`telemetry off` empties the outbox, and nothing queued is sent afterwards", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "# my settings\nDISCLOSURE_SHOWN=true\n");
    await runHost(sandbox, "throw", { config: hostConfig({ endpoint: ingest.url }) });
    expect(await reportFiles(sandbox.outboxDir)).toHaveLength(1);
    const off = await runBin(["--app", "loki", "telemetry", "off"], sandbox);
    expect(off.code).toBe(0);
    expect(off.stdout).toMatch(/; 1 queued report was removed and will not be sent\n$/);
    expect(await reportFiles(sandbox.outboxDir)).toEqual([]);
    expect(await readFile(sandbox.configFile, "utf8")).toMatch(
      /^# my settings\nDISCLOSURE_SHOWN=true\nTELEMETRY_DISABLED=true\nTELEMETRY_OFF_AT=\d{4}-\d\d-\d\dT[\d:.]+Z\n$/,
    );
  });

  // M5: `telemetry off` empties the outbox of the project it runs in only.
  // Another project's queued report waits, unsent while collection is off,
  // and is not sent by a later start after `telemetry on`: it stays in that
  // project's crash folder, unqueued, for `crash submit` to send if asked.
  it("does not send another project's report queued before `telemetry off` after `telemetry on`", async () => {
    const { sandbox, options } = await withOneQueued();
    // Off and on again from another folder: this project's outbox is not touched.
    const elsewhere = { ...sandbox, project: sandbox.home };
    expect((await runBin(["--app", "loki", "telemetry", "off"], elsewhere)).code).toBe(0);
    expect(await reportFiles(sandbox.outboxDir)).toHaveLength(1);
    const before = ingest.requests.length;
    await runHost(sandbox, "ok", options);
    expect((await runBin(["--app", "loki", "telemetry", "on"], elsewhere)).code).toBe(0);
    await expectWithdrawnByStart(sandbox, options, before);
    const list = await runBin(["--app", "loki", "crash", "list"], sandbox);
    expect(list.stdout).not.toMatch(/queued/);
    // Asked for by name, it is sent; a report queued after `telemetry on` is sent unasked.
    const submit = await runBin(["--app", "loki", "crash", "submit", "--all"], sandbox);
    expect(submit.code).toBe(0);
    expect(ingest.requests.length).toBe(before + 1);
    await runHost(sandbox, "throw", options);
    await runHost(sandbox, "ok", options);
    await vi.waitFor(() => expect(ingest.requests.length).toBe(before + 2), { timeout: 15_000 });
  });

  it("leaves a report queued before `telemetry off` out of a plain `crash submit` after `telemetry on`", async () => {
    const sandbox = await makeSandbox();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    await runHost(sandbox, "throw", { config: hostConfig({ endpoint: ingest.url }) });
    const elsewhere = { ...sandbox, project: sandbox.home };
    for (const action of ["off", "on"]) {
      expect((await runBin(["--app", "loki", "telemetry", action], elsewhere)).code).toBe(0);
    }
    const before = ingest.requests.length;
    const env = { CRASHFIX_ENDPOINT: ingest.url, CRASHFIX_PRIVACY_URL: PRIVACY_URL };
    const submit = await runBin(["--app", "loki", "crash", "submit"], sandbox, env);
    expect(submit).toMatchObject({
      code: 1,
      stderr:
        "1 report kept on this machine while collection was off or no endpoint was set is not sent; name it or use --all\n",
    });
    expect(await reportFiles(sandbox.outboxDir)).toEqual([]);
    expect(ingest.requests.length).toBe(before);
  });

  // A variable leaves nothing behind once it is gone: each start under one
  // sets the time of ~/.loki/opt-out-seen, and a report queued before that
  // is not sent afterwards unless asked for, as after `telemetry off`.
  it.each([
    { optOut: "DO_NOT_TRACK=1", env: { DO_NOT_TRACK: "1" } },
    { optOut: "LOKI_TELEMETRY=off", env: { LOKI_TELEMETRY: "off" } },
    {
      optOut: "LOKI_TELEMETRY=maybe (unknown value fails closed)",
      env: { LOKI_TELEMETRY: "maybe" },
    },
  ])(
    "does not send a report queued before a start under $optOut once the variable is gone",
    async ({ env }) => {
      const { sandbox, options } = await withOneQueued();
      // Under the variable, from another folder: this project's outbox is not touched.
      const elsewhere = { ...sandbox, project: sandbox.home };
      expect((await runHost(elsewhere, "ok", { ...options, env })).code).toBe(0);
      const seen = join(sandbox.stateDir, "opt-out-seen");
      expect(await readFile(seen, "utf8")).toBe("");
      expect(await reportFiles(sandbox.outboxDir)).toHaveLength(1);
      const before = ingest.requests.length;
      await expectWithdrawnByStart(sandbox, options, before);
      // A report queued once the variable is gone is sent unasked.
      await runHost(sandbox, "throw", options);
      await runHost(sandbox, "ok", options);
      await vi.waitFor(() => expect(ingest.requests.length).toBe(before + 1), { timeout: 15_000 });
    },
  );

  it("moves the record forward on each start under the variable, and leaves none where the app never recorded its notice", async () => {
    const sandbox = await makeSandbox();
    const options = { config: hostConfig({ endpoint: ingest.url }), env: { DO_NOT_TRACK: "1" } };
    const seen = join(sandbox.stateDir, "opt-out-seen");
    // No config file: nothing was ever queued, so there is nothing to withdraw.
    expect((await runHost(sandbox, "ok", options)).code).toBe(0);
    expect(existsSync(seen)).toBe(false);
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    await runHost(sandbox, "ok", options);
    const first = (await stat(seen)).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await runHost(sandbox, "ok", options);
    expect((await stat(seen)).mtimeMs).toBeGreaterThan(first);
    // A start with collection on leaves it as it was.
    const last = (await stat(seen)).mtimeMs;
    await runHost(sandbox, "ok", { config: options.config });
    expect((await stat(seen)).mtimeMs).toBe(last);
    expect(await readFile(sandbox.configFile, "utf8")).toBe("DISCLOSURE_SHOWN=true\n");
  });

  // Trial F2: an opt-out written into the config file by hand leaves no time
  // behind; `telemetry on` ending it, or a start under it, records one.
  it("does not send a report queued before an opt-out written into the config file by hand, ended with `telemetry on`", async () => {
    const { sandbox, options } = await withOneQueued();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\nTELEMETRY_DISABLED=true\n");
    const elsewhere = { ...sandbox, project: sandbox.home };
    expect((await runBin(["--app", "loki", "telemetry", "on"], elsewhere)).code).toBe(0);
    await expectWithdrawnByStart(sandbox, options, ingest.requests.length);
  });

  it("does not send a report queued before an opt-out in the config file that a start saw, once it is edited away", async () => {
    const { sandbox, options } = await withOneQueued();
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\nTELEMETRY_DISABLED=1\n");
    const elsewhere = { ...sandbox, project: sandbox.home };
    await runHost(elsewhere, "ok", options);
    expect(existsSync(join(sandbox.stateDir, "opt-out-seen"))).toBe(true);
    await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
    await expectWithdrawnByStart(sandbox, options, ingest.requests.length);
  });

  // Trial F3: copying or restoring a project gives its files new times; the
  // capture time a report holds still says when it was queued at the latest.
  it("does not send a report queued before an opt-out from a copy of its project, whose files are newer", async () => {
    const { sandbox, options } = await withOneQueued();
    // A report holds its capture time to the second: the opt-out comes in a later one.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const elsewhere = { ...sandbox, project: sandbox.home };
    await runHost(elsewhere, "ok", { ...options, env: { DO_NOT_TRACK: "1" } });
    const project = `${sandbox.project}-copy`;
    await cp(sandbox.project, project, { recursive: true, verbatimSymlinks: true });
    const copy = {
      ...sandbox,
      project,
      crashDir: join(project, ".loki", "crash"),
      outboxDir: join(project, ".loki", "crash", "outbox"),
    };
    await expectWithdrawnByStart(copy, options, ingest.requests.length);
  });

  // Trial F1: ten reports on a slow network take minutes to send; an
  // opt-out made meanwhile stops the send after the report it is sending.
  it.each([
    { how: "`telemetry off` in another project", left: 2 },
    { how: "a start under DO_NOT_TRACK in another project", left: 0 },
  ])(
    "stops a send under way when the user opts out with $how",
    async ({ how, left }) => {
      const slow = await startIngest();
      slow.respond = [(res) => setTimeout(() => res.writeHead(202).end(), 3000)];
      try {
        const sandbox = await makeSandbox();
        await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
        // Kept on the machine (no endpoint), then queued as the capture queues them.
        for (let i = 0; i < 3; i += 1) await runHost(sandbox, "throw", { config: hostConfig() });
        const kept = await reportFiles(sandbox.crashDir);
        expect(kept).toHaveLength(3);
        await mkdir(sandbox.outboxDir, { recursive: true });
        for (const name of kept) {
          await copyFile(join(sandbox.crashDir, name), join(sandbox.outboxDir, name));
        }
        const options = { config: hostConfig({ endpoint: slow.url }) };
        await runHost(sandbox, "ok", options);
        await vi.waitFor(() => expect(slow.requests.length).toBe(1), { timeout: 15_000 });
        const elsewhere = { ...sandbox, project: sandbox.home };
        if (how.startsWith("`telemetry off`")) {
          expect((await runBin(["--app", "loki", "telemetry", "off"], elsewhere)).code).toBe(0);
        } else {
          await runHost(elsewhere, "ok", { ...options, env: { DO_NOT_TRACK: "1" } });
        }
        await new Promise((resolve) => setTimeout(resolve, 5000));
        expect(slow.requests.length).toBe(1);
        expect(await reportFiles(sandbox.outboxDir)).toHaveLength(left);
      } finally {
        await slow.close();
      }
    },
    30_000,
  );
});
