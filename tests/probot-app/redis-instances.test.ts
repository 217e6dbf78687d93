// Three stateless ingest instances (the built bin, as production runs it) on
// one real redis-server, behind a round-robin client that sends a failed
// request, and a copy of some accepted ones (an answer the client never
// got), to a different instance. Every case ends with the counters on the
// local GitHub summing exactly to the reports sent, one issue per
// fingerprint.
import type { ChildProcess } from "node:child_process";
import { afterAll, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../fixtures/redis-server.js";
import type { LocalGitHub } from "../../local-github/index.js";
import { pickPort } from "../../probot-app/server/pick-port.js";
import type { Report } from "../../redact/index.js";
import { fpLabel } from "../../triage/index.js";
import { assertBuilt, killBin, startBin } from "./bin-instance.js";
import { describeWithRedis } from "./describe-with-redis.js";
import {
  ADMIN_TOKEN,
  ingestEnv,
  postReport,
  reportFor,
  startGitHub,
  triageTotals,
  waitFor,
} from "./harness.js";

type Instance = { url: string; env: Record<string, string>; proc?: ChildProcess };
type World = { gh: LocalGitHub; redis: RedisServer; instances: Instance[] };

let world: World | undefined;

afterAll(async () => {
  for (const instance of world?.instances ?? []) await killBin(instance.proc);
  await world?.redis.stop();
  await world?.gh.close();
});

// One local GitHub, one redis-server (AOF on) and three instances for all
// cases; each case has fingerprints of its own, and starts with every
// instance running, no faults, and nothing uncounted in Redis.
async function worldReady(): Promise<World> {
  world ??= await startWorld();
  const w = world;
  w.gh.setFaults([]);
  w.gh.setLimits({ secondary: { perMinute: 80, perHour: 500, retryAfterSeconds: 1 } });
  await Promise.all(
    w.instances.map(async (instance) => {
      if (instance.proc?.exitCode === null && instance.proc.signalCode === null) return;
      instance.proc = await startBin(instance.env);
    }),
  );
  expect(await depth(w.redis)).toBe(0);
  return w;
}

async function startWorld(): Promise<World> {
  assertBuilt();
  const gh = await startGitHub();
  const redis = await startRedisServer({ aof: true });
  const instances: Instance[] = [];
  for (let i = 0; i < 3; i += 1) {
    const port = await pickPort("127.0.0.1");
    const env = ingestEnv(gh, {
      PORT: String(port),
      CRASHFIX_REDIS_URL: redis.url,
      // A dead instance's unsorted intake entries and fingerprint leases
      // are taken over after these, so the cases stay short.
      CRASHFIX_CLAIM_IDLE_MS: "1000",
      CRASHFIX_FLUSH_LOCK_MS: "3000",
      CRASHFIX_FLUSH_INTERVAL_MS: "500",
    });
    instances.push({ url: `http://127.0.0.1:${port}`, env });
  }
  await Promise.all(
    instances.map(async (instance) => {
      instance.proc = await startBin(instance.env);
    }),
  );
  return { gh, redis, instances };
}

type Traffic = { accepted: number; resent: number; failovers: number; statuses: Set<number> };
const newTraffic = (): Traffic => ({ accepted: 0, resent: 0, failovers: 0, statuses: new Set() });

// Round robin over the instances; a network error or a 5xx goes to the next
// instance; every `resendEvery`-th accepted report is sent once more to the
// next instance, as a client that lost the 202 would.
async function roundRobin(
  instances: readonly Instance[],
  reports: readonly Report[],
  options: { concurrency?: number; resendEvery?: number; traffic?: Traffic } = {},
): Promise<Traffic> {
  const traffic = options.traffic ?? newTraffic();
  let next = 0;
  const send = async (report: Report, start: number) => {
    for (let attempt = 0; ; attempt += 1) {
      const target = instances[(start + attempt) % instances.length] as Instance;
      try {
        const answer = await postReport(target.url, report, true);
        traffic.statuses.add(answer.status);
        if (answer.status === 202) return start + attempt;
        if (answer.status < 500) throw new Error(`refused with ${answer.status}: ${answer.body}`);
      } catch (error: unknown) {
        if ((error as Error).message.startsWith("refused") || attempt > 600) throw error;
      }
      traffic.failovers += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const worker = async () => {
    for (;;) {
      const index = next;
      next += 1;
      const report = reports[index];
      if (!report) return;
      const took = await send(report, index);
      traffic.accepted += 1;
      if (options.resendEvery && index % options.resendEvery === 0) {
        await send(report, took + 1);
        traffic.resent += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 12 }, worker));
  return traffic;
}

const storm = (bugs: number, count: number, base: number) =>
  Array.from({ length: count }, (_, i) => reportFor(base + (i % bugs)));

async function depth(redis: RedisServer): Promise<number> {
  return Number((await redis.client().get("crashfix:{acme/triage}:depth")) ?? 0);
}

// Waits until Redis holds nothing uncounted, then checks GitHub: one issue
// and one counters comment per fingerprint, each at its exact total.
async function expectExact(w: World, reports: readonly Report[]): Promise<void> {
  const expected = new Map<string, number>();
  for (const report of reports) {
    expected.set(report.fingerprint, (expected.get(report.fingerprint) ?? 0) + 1);
  }
  await waitFor(
    "the instances to count every report",
    async () => ((await depth(w.redis)) === 0 ? true : undefined),
    90_000,
  );
  // Faults off, so the checks below read GitHub without injected errors.
  w.gh.setFaults([]);
  const totals = await triageTotals(w.gh);
  const found = new Map<string, number[]>();
  for (const issue of totals.issues) {
    const label = issue.labels.map((l) => l.name).find((name) => name.startsWith("fp:"));
    const fingerprint = [...expected.keys()].find((fp) => fpLabel(fp) === label);
    if (fingerprint) found.set(fingerprint, [...(found.get(fingerprint) ?? []), issue.number]);
  }
  for (const [fingerprint, count] of expected) {
    const issues = found.get(fingerprint) ?? [];
    expect(issues).toHaveLength(1);
    expect(totals.totals.get(issues[0] ?? 0)).toBe(count);
  }
  // And every triage issue of every case has exactly one counters comment.
  for (const issue of totals.issues) {
    expect({ issue: issue.number, comments: totals.commentCounts.get(issue.number) }).toEqual({
      issue: issue.number,
      comments: 1,
    });
  }
}

async function stats(instance: Instance): Promise<Record<string, number>> {
  const res = await fetch(`${instance.url}/v1/crash/stats`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  return ((await res.json()) as { counters: Record<string, number> }).counters;
}

describeWithRedis("three stateless instances on one Redis", () => {
  it("count once what a round-robin client sends, retries to other instances included, while one is killed with -9 mid-storm", async () => {
    const w = await worldReady();
    const reports = storm(12, 600, 100);
    const victim = w.instances[1] as Instance;
    const traffic = newTraffic();
    const sending = roundRobin(w.instances, reports, { resendEvery: 5, traffic });
    await waitFor("a third of the storm", () => (traffic.accepted >= 200 ? true : undefined));
    await killBin(victim.proc);
    await sending;

    expect(traffic.accepted).toBe(600);
    expect(traffic.resent).toBe(120);
    expect(traffic.failovers).toBeGreaterThan(0);
    await expectExact(w, reports);
  }, 120_000);

  it("counts once when an instance is killed with -9 in the middle of a counters edit", async () => {
    const w = await worldReady();
    // Slow counters writes keep a flush in the middle of its edit long
    // enough to find and kill the instance that holds it.
    w.gh.setFaults([
      { route: "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", latencyMs: 800 },
      { route: "POST /repos/{owner}/{repo}/issues/{issue_number}/comments", latencyMs: 800 },
    ]);
    const first = storm(4, 300, 200);
    await roundRobin(w.instances, first);
    const client = w.redis.client();
    const holder = await waitFor("a flush in the middle of its edit", async () => {
      const keys = await client.keys("crashfix:{acme/triage}:open:*");
      for (const key of keys) {
        const open = JSON.parse((await client.get(key)) ?? "{}") as { holder?: string };
        const owner = w.instances.find((i) => open.holder?.includes(`-${i.proc?.pid}-`));
        if (owner) return owner;
      }
      return undefined;
    });
    await killBin(holder.proc);
    const second = storm(4, 300, 200);
    await roundRobin(
      w.instances.filter((i) => i !== holder),
      second,
    );
    await expectExact(w, [...first, ...second]);
    const survivors = w.instances.filter((i) => i !== holder);
    const replayed = (await Promise.all(survivors.map(stats))).map((c) => c.batches_replayed ?? 0);
    expect(replayed.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 120_000);

  it("counts once through a Redis kill -9 and restart mid-storm with AOF on, answering 503 meanwhile", async () => {
    const w = await worldReady();
    const reports = storm(10, 600, 300);
    const traffic = newTraffic();
    // The first half is in Redis, and being flushed, when Redis dies; the
    // second half meets Redis down and is sent again until it is back.
    await roundRobin(w.instances, reports.slice(0, 300), { resendEvery: 7, traffic });
    await w.redis.kill("SIGKILL");
    const during = newTraffic();
    const sending = roundRobin(w.instances, reports.slice(300), {
      resendEvery: 7,
      traffic: during,
    });
    await waitFor("every instance to answer 503", () => (during.failovers >= 6 ? true : undefined));
    const refused = await postReport((w.instances[0] as Instance).url, reportFor(399));
    expect(refused.status).toBe(503);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect([...during.statuses]).toEqual([503]);
    await w.redis.restart();
    await sending;
    expect(traffic.accepted + during.accepted).toBe(600);
    expect(during.statuses.has(202)).toBe(true);
    await expectExact(w, reports);
  }, 120_000);

  it("counts once while GitHub answers 5xx, loses answers and rate-limits as the three flush", async () => {
    const w = await worldReady();
    w.gh.setLimits({ secondary: { perMinute: 20, perHour: 10_000, retryAfterSeconds: 1 } });
    w.gh.setFaults([
      { route: "*", status: 502, rate: 0.1 },
      { route: "*", status: 503, rate: 0.05 },
      // The edit lands but its answer is lost: the batch id makes the retry a no-op.
      {
        route: "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
        status: 502,
        rate: 0.2,
        phase: "after",
      },
    ]);
    const reports = storm(8, 600, 400);
    await roundRobin(w.instances, reports, { resendEvery: 6 });
    await expectExact(w, reports);
    const github = w.gh.stats();
    expect(github.faultsInjected).toBeGreaterThan(0);
  }, 120_000);
});
