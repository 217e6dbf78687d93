import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Ingest, startIngest } from "./fake-ingest.js";
import {
  hostConfig,
  makeSandbox,
  reportFiles,
  runHost,
  type Sandbox,
  startHost,
} from "./helpers.js";

// Nothing leaves the machine until the run that showed the notice, every
// process it started, and every process started while it lasts have ended.

let ingest: Ingest;
beforeAll(async () => {
  ingest = await startIngest();
});
afterAll(() => ingest.close());

const NOTICE = /Loki Mode reports the crashes you hit/g;

async function firstRunMembers(sandbox: Sandbox): Promise<string[]> {
  const names = await readdir(join(sandbox.stateDir, "first-run")).catch(() => []);
  return names.filter((name) => /^\d+$/.test(name));
}

/** The reason a process of the first run is given, whether it showed the notice, was started by one, or started while it lasted. */
const PART_OF_FIRST_RUN = "this process is part of the first run; reports wait until it has ended";
const WAITS_FOR_FIRST_RUN = "by a run that starts after this first run has ended.";

/** The first-run folder, there only while a first run lasts. */
const firstRunDir = (sandbox: Sandbox) => join(sandbox.stateDir, "first-run");

/** Starts a host held open by a gate file of its own; resolves once it has started. */
async function startGated(sandbox: Sandbox, mode: string, name: string) {
  const gate = join(sandbox.root, name);
  const options = { config: hostConfig({ endpoint: ingest.url }), env: { HOST_GATE: gate } };
  const host = await startHost(sandbox, mode, options);
  await vi.waitFor(() => expect(existsSync(`${gate}.ready.${host.pid}`)).toBe(true), {
    timeout: 15_000,
  });
  return { ...host, release: () => writeFile(gate, "") };
}

async function noticeRecorded(sandbox: Sandbox): Promise<boolean> {
  return (await readFile(sandbox.configFile, "utf8").catch(() => "")).includes(
    "DISCLOSURE_SHOWN=true",
  );
}

async function readyHosts(sandbox: Sandbox): Promise<string[]> {
  return (await readdir(sandbox.root)).filter((name) => name.startsWith("gate.ready."));
}

async function queuedIds(sandbox: Sandbox): Promise<Set<string>> {
  return new Set((await reportFiles(sandbox.outboxDir)).map((name) => name.slice(-13, -5)));
}

/** Requests that carry one of these reports (by the short id in their file names). */
function shortIds(ids: Set<string>) {
  return (request: { body: string }) => ids.has(JSON.parse(request.body).report_id.slice(0, 8));
}

/**
 * A crash in the first run that sends: it shows the full notice, queues its
 * report and sends it only from the next run, which shows no notice.
 */
async function expectFirstSendingRun(
  sandbox: Sandbox,
  options: { config: Record<string, unknown> },
) {
  const crash = await runHost(sandbox, "throw", options);
  expect(crash.code).toBe(1);
  expect(crash.stderr.match(NOTICE)).toHaveLength(1);
  expect(crash.stderr).toContain("Nothing is sent until this run has ended.");
  const ids = await queuedIds(sandbox);
  expect(ids.size).toBe(1);
  expect(ingest.requests.filter(shortIds(ids))).toEqual([]);

  const next = await runHost(sandbox, "ok", options);
  expect(next.stderr).toBe("");
  await vi.waitFor(() => expect(ingest.requests.filter(shortIds(ids))).toHaveLength(1), {
    timeout: 15_000,
  });
}

describe("the first run", () => {
  it("is one run for first runs started together: one notice, nothing sent until all have ended", async () => {
    const sandbox = await makeSandbox();
    const gate = join(sandbox.root, "gate");
    const options = { config: hostConfig({ endpoint: ingest.url }), env: { HOST_GATE: gate } };
    const runs = await Promise.all([1, 2, 3].map(() => startHost(sandbox, "gate-throw", options)));
    await vi.waitFor(async () => expect(await readyHosts(sandbox)).toHaveLength(3), {
      timeout: 15_000,
    });
    // Each is a member, whichever showed the notice.
    const members = await firstRunMembers(sandbox);
    expect(members.sort()).toEqual(runs.map((run) => String(run.pid)).sort());

    // A run started now joins it, and waits for it.
    const later = await runHost(sandbox, "decision", options);
    const decision = JSON.parse(later.stdout);
    expect(decision).toMatchObject({ enabled: false, state: "first-run" });
    expect(decision.reason).toBe(PART_OF_FIRST_RUN);

    await writeFile(gate, "");
    const results = await Promise.all(runs.map((run) => run.done));
    const ended = Date.now();
    expect(results.map((result) => result.code)).toEqual([1, 1, 1]);
    expect(results.map((result) => result.stderr.match(NOTICE)?.length ?? 0).sort()).toEqual([
      0, 0, 1,
    ]);
    const ids = await queuedIds(sandbox);
    expect(ids.size).toBe(3);

    // The next run after them sends all three, each once, all after they ended.
    await runHost(sandbox, "ok", options);
    await vi.waitFor(() => expect(ingest.requests.filter(shortIds(ids))).toHaveLength(3), {
      timeout: 15_000,
    });
    const sent = ingest.requests.filter(shortIds(ids));
    expect(new Set(sent.map((request) => JSON.parse(request.body).report_id)).size).toBe(3);
    for (const request of sent) expect(request.at).toBeGreaterThanOrEqual(ended);
  });

  it("after an opt-out on the first run, is the first run where collection is on: the full notice, nothing sent until it has ended", async () => {
    const sandbox = await makeSandbox();
    const options = { config: hostConfig({ endpoint: ingest.url }) };
    const optedOut = await runHost(sandbox, "ok", { ...options, env: { DO_NOT_TRACK: "1" } });
    expect(optedOut.stderr).toMatch(/Collection is off on this machine \(DO_NOT_TRACK is set\)/);

    await expectFirstSendingRun(sandbox, options);
  });

  it("after the no-endpoint notice, is the first run of a host that adds an endpoint: the full notice, nothing sent until it has ended", async () => {
    const sandbox = await makeSandbox();
    const local = await runHost(sandbox, "ok", { config: hostConfig() });
    expect(local.stderr).toContain("Reports stay on this machine; nothing is sent.");
    const again = await runHost(sandbox, "ok", { config: hostConfig() });
    expect(again.stderr).toBe("");

    const options = { config: hostConfig({ endpoint: ingest.url }) };
    await expectFirstSendingRun(sandbox, options);
  });

  it("takes in the processes it starts: a host that runs itself sends nothing before the parent ends", async () => {
    const sandbox = await makeSandbox();
    const gate = join(sandbox.root, "gate");
    const options = { config: hostConfig({ endpoint: ingest.url }), env: { HOST_GATE: gate } };
    const parent = await startHost(sandbox, "reexec", options);
    await vi.waitFor(async () => expect(await reportFiles(sandbox.outboxDir)).toHaveLength(1), {
      timeout: 15_000,
    });
    // A later run with the child's report queued joins the first run and
    // does not send it: the parent still runs.
    const later = await runHost(sandbox, "decision", options);
    expect(JSON.parse(later.stdout)).toMatchObject({ enabled: false, state: "first-run" });
    expect(JSON.parse(later.stdout).reason).toBe(PART_OF_FIRST_RUN);
    await runHost(sandbox, "ok", options);

    await writeFile(gate, "");
    const result = await parent.done;
    const ended = Date.now();
    expect(result.code).toBe(0);
    // The child was part of the first run: it said so, and showed no second notice.
    const [exited, childDecision] = result.stdout.trimEnd().split("\n");
    expect(childDecision, result.stderr).toMatch(/^child decision \{/);
    expect(exited).toBe("child exited 1");
    expect(JSON.parse(childDecision?.replace(/^child decision /, "") ?? "")).toMatchObject({
      enabled: false,
      state: "first-run",
      reason: PART_OF_FIRST_RUN,
    });
    expect(result.stderr.match(NOTICE)).toHaveLength(1);
    // The child's crash notice offers no `crash submit`: it would not send before the parent ends.
    expect(result.stderr).toContain("by a run that starts after this first run has ended.");
    expect(result.stderr).toMatch(/\n {2}see it: .* crash show [0-9a-f]{8}\n/);
    expect(result.stderr).not.toContain("crash submit");

    const ids = await queuedIds(sandbox);
    await runHost(sandbox, "ok", options);
    await vi.waitFor(() => expect(ingest.requests.filter(shortIds(ids))).toHaveLength(1), {
      timeout: 15_000,
    });
    for (const request of ingest.requests.filter(shortIds(ids))) {
      expect(request.at).toBeGreaterThanOrEqual(ended);
    }
  });

  it("ends when its process is killed, though it could not remove its own mark", async () => {
    const sandbox = await makeSandbox();
    const options = {
      config: hostConfig({ endpoint: ingest.url }),
      env: { HOST_GATE: join(sandbox.root, "gate") },
    };
    const first = await startHost(sandbox, "gate-ok", options);
    await vi.waitFor(async () => expect(await readyHosts(sandbox)).toHaveLength(1), {
      timeout: 15_000,
    });
    process.kill(first.pid, "SIGKILL");
    await first.done;
    expect(await firstRunMembers(sandbox)).toEqual([String(first.pid)]);
    const next = await runHost(sandbox, "decision", options);
    expect(JSON.parse(next.stdout)).toMatchObject({ enabled: true, state: "on" });
    expect(existsSync(firstRunDir(sandbox))).toBe(false);
  });

  it("takes in a process started beside the one that showed the notice, after it was recorded: nothing is sent while that process runs", async () => {
    const sandbox = await makeSandbox();
    const options = { config: hostConfig({ endpoint: ingest.url }) };
    const shower = await startGated(sandbox, "gate-ok", "gate-a");
    expect(await noticeRecorded(sandbox)).toBe(true);
    const beside = await startGated(sandbox, "gate-throw", "gate-b");
    expect((await firstRunMembers(sandbox)).sort()).toEqual(
      [String(shower.pid), String(beside.pid)].sort(),
    );

    await shower.release();
    const shown = await shower.done;
    expect(shown.stderr.match(NOTICE)).toHaveLength(1);
    // The one that showed the notice has ended; the one beside it has not,
    // so a new start joins the first run instead of sending.
    const later = await runHost(sandbox, "decision", options);
    expect(JSON.parse(later.stdout)).toEqual({
      enabled: false,
      state: "first-run",
      reason: PART_OF_FIRST_RUN,
      source: "first-run",
    });

    await beside.release();
    const crashed = await beside.done;
    const ended = Date.now();
    expect(crashed.code).toBe(1);
    expect(crashed.stderr).not.toMatch(NOTICE);
    expect(crashed.stderr).toContain(WAITS_FOR_FIRST_RUN);
    expect(existsSync(firstRunDir(sandbox))).toBe(false);

    const ids = await queuedIds(sandbox);
    expect(ids.size).toBe(1);
    expect(ingest.requests.filter(shortIds(ids))).toEqual([]);
    await runHost(sandbox, "ok", options);
    await vi.waitFor(() => expect(ingest.requests.filter(shortIds(ids))).toHaveLength(1), {
      timeout: 15_000,
    });
    for (const request of ingest.requests.filter(shortIds(ids))) {
      expect(request.at).toBeGreaterThanOrEqual(ended);
    }
  });

  it.each([
    ["together", false],
    ["one after the other has recorded the notice", true],
  ])(
    "takes in four crashing first runs started %s: one notice, and each crash notice says its report waits for the first run",
    async (_, afterNotice) => {
      const sandbox = await makeSandbox();
      const names = ["gate-1", "gate-2", "gate-3", "gate-4"];
      const hosts = [];
      if (afterNotice) {
        hosts.push(await startGated(sandbox, "gate-throw", "gate-0"));
        expect(await noticeRecorded(sandbox)).toBe(true);
      }
      const rest = names.slice(hosts.length);
      hosts.push(
        ...(await Promise.all(rest.map((name) => startGated(sandbox, "gate-throw", name)))),
      );
      expect((await firstRunMembers(sandbox)).sort()).toEqual(
        hosts.map((host) => String(host.pid)).sort(),
      );

      // They end one after another: the last ones crash after the one that
      // showed the notice has ended.
      const results = [];
      for (const host of hosts) {
        await host.release();
        results.push(await host.done);
      }
      expect(results.map((result) => result.code)).toEqual([1, 1, 1, 1]);
      const notices = results.map((result) => result.stderr.match(NOTICE)?.length ?? 0);
      expect(notices.sort()).toEqual([0, 0, 0, 1]);
      for (const result of results) expect(result.stderr).toContain(WAITS_FOR_FIRST_RUN);
      expect(existsSync(firstRunDir(sandbox))).toBe(false);
    },
  );
});
