// The GitHub pacing the instances share through Redis (Bottleneck's
// clustering) across a Redis kill -9 and restart, and the bound on a flush
// that waits on it: requests wait for Redis rather than fail, work again
// once it is back (whether their limiter was made before or during the
// outage), and a flush that waits too long is given up without sending
// anything more to GitHub.
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../fixtures/redis-server.js";
import type { LocalGitHub } from "../../local-github/index.js";
import {
  type CrashfixServer,
  flushOnce,
  readEnvConfig,
  startCrashfixServer,
} from "../../probot-app/index.js";
import { openRedis, type RedisConnections } from "../../probot-app/redis/open-redis.js";
import { Metrics } from "../../probot-app/server/metrics.js";
import { createOctokitClass } from "../../probot-app/worker/create-octokit-class.js";
import { runAbortable } from "../../probot-app/worker/flush-signal.js";
import { throttleGroups } from "../../probot-app/worker/throttle-groups.js";
import { describeWithRedis } from "./describe-with-redis.js";
import {
  ingestEnv,
  reportFor,
  sendAll,
  startGitHub,
  TRIAGE,
  TRIAGE_REPO,
  triageTotals,
  waitFor,
} from "./harness.js";

const { owner, repo } = TRIAGE;

describeWithRedis("GitHub pacing through Redis across a Redis restart", () => {
  let gh: LocalGitHub;
  let redis: RedisServer;
  const opened: RedisConnections[] = [];
  const servers: CrashfixServer[] = [];
  const env = (extra: Record<string, string> = {}) =>
    ingestEnv(gh, { CRASHFIX_REDIS_URL: redis.url, ...extra });

  // An instance's Redis connections and its paced GitHub client.
  const instance = async () => {
    const config = readEnvConfig(env());
    const connections = await openRedis(config, pino({ level: "silent" }));
    opened.push(connections);
    const Octokit = createOctokitClass(config, new Metrics(), connections.cluster);
    return {
      config,
      connections,
      octokit: new Octokit({ auth: { token: gh.token }, baseUrl: gh.apiUrl }),
    };
  };

  // Another instance's write, holding the one write slot all instances
  // share until `release` is called.
  const holdWriteSlot = async (config: ReturnType<typeof readEnvConfig>, c: RedisConnections) => {
    let release: (() => void) | undefined;
    const write = throttleGroups(config, c.cluster).write.key(c.cluster.id);
    const held = write.schedule(() => new Promise<void>((resolve) => (release = resolve)));
    const releaseIt = await waitFor("the write slot to be taken", () => release);
    return async () => {
      releaseIt();
      await held;
    };
  };

  const labelExists = async (name: string) =>
    (
      await fetch(`${gh.apiUrl}/repos/${TRIAGE_REPO}/labels/${name}`, {
        headers: { authorization: `token ${gh.token}` },
      })
    ).status === 200;

  beforeAll(async () => {
    gh = await startGitHub();
    redis = await startRedisServer({ aof: true });
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    for (const connections of opened) await connections.close();
    await redis?.stop();
    await gh?.close();
  });

  it("sends requests made while Redis is down once it is back, through limiters made before and during the outage", async () => {
    const { octokit, connections } = await instance();
    // The global and write limiters are made now.
    await octokit.request("POST /repos/{owner}/{repo}/labels", { owner, repo, name: "before" });
    await redis.kill("SIGKILL");
    // The first creation makes the notifications limiter while Redis is away.
    const issue = octokit.request("POST /repos/{owner}/{repo}/issues", {
      owner,
      repo,
      title: "made while Redis was down",
    });
    const label = octokit.request("POST /repos/{owner}/{repo}/labels", {
      owner,
      repo,
      name: "during",
    });
    // Long enough away that a command of the fail-fast connections (which
    // answer 503 on POST /v1/crash) has given up twice.
    for (let i = 0; i < 2; i += 1) await expect(connections.shared.ping()).rejects.toThrow();
    await redis.restart();
    expect((await issue).status).toBe(201);
    expect((await label).status).toBe(201);
    // And the limiters keep working: no slot of the outage is left taken.
    const after = await octokit.request("POST /repos/{owner}/{repo}/issues", {
      owner,
      repo,
      title: "made after Redis came back",
    });
    expect(after.status).toBe(201);
  });

  it("makes a limiter again when Redis refused to set it up, rather than failing its requests from then on", async () => {
    const { octokit } = await instance();
    const list = () => octokit.request("GET /repos/{owner}/{repo}/labels", { owner, repo });
    // Out of memory: Redis refuses the limiter's setup script.
    await redis.client().config("SET", "maxmemory", "1");
    try {
      await expect(list()).rejects.toThrow(/OOM/);
    } finally {
      await redis.client().config("SET", "maxmemory", "0");
    }
    expect((await list()).status).toBe(200);
  });

  it("takes back the write slot of an instance that died holding it within seconds, not the plugin's minute", async () => {
    const { config, octokit } = await instance();
    const dead = await openRedis(config, pino({ level: "silent" }));
    const write = throttleGroups(config, dead.cluster).write.key(dead.cluster.id);
    let started: (() => void) | undefined;
    const holding = write.schedule(() => new Promise<void>((resolve) => (started = resolve)));
    holding.catch(() => {});
    await waitFor("the dead instance's write to hold the slot", () => started);
    await dead.close();
    const created = await octokit.request("POST /repos/{owner}/{repo}/labels", {
      owner,
      repo,
      name: "after-a-dead-writer",
    });
    expect(created.status).toBe(201);
  }, 40_000);

  it("sends nothing to GitHub for a flush that was given up, even from the pacing queue", async () => {
    const { config, connections, octokit } = await instance();
    const release = await holdWriteSlot(config, connections);
    const controller = new AbortController();
    let request: Promise<unknown> | undefined;
    const flush = runAbortable(controller.signal, () => {
      request = octokit.request("POST /repos/{owner}/{repo}/labels", {
        owner,
        repo,
        name: "abandoned",
      });
      return request;
    });
    controller.abort(new DOMException("the flush was given up", "AbortError"));
    await expect(flush).rejects.toThrow("the flush was given up");
    // The slot frees; the queued request runs, and is refused before it leaves.
    await release();
    await expect(request).rejects.toMatchObject({ name: "AbortError" });
    expect(await labelExists("abandoned")).toBe(false);
  });

  it("gives a fingerprint up after CRASHFIX_FLUSH_TIMEOUT_MS when its flush waits on a slot that is not freed, and counts it once later", async () => {
    const accepting = await startCrashfixServer(readEnvConfig(env()), { flush: "scheduled" });
    servers.push(accepting);
    const reports = Array.from({ length: 5 }, () => reportFor(1900));
    await sendAll(() => accepting.url, reports, 2);
    const { config, connections } = await instance();
    const release = await holdWriteSlot(config, connections);
    const timeouts = { CRASHFIX_FLUSH_TIMEOUT_MS: "1000", CRASHFIX_FLUSH_LOCK_MS: "3000" };
    const stuck = await flushOnce(readEnvConfig(env(timeouts)));
    expect(stuck).toMatchObject({ counted: 0, failed: 1, left: 5 });
    await release();
    let counted = 0;
    await waitFor("the fingerprint to be counted", async () => {
      const pass = await flushOnce(readEnvConfig(env(timeouts)));
      counted += pass.counted;
      return pass.left === 0 ? true : undefined;
    });
    expect(counted).toBe(5);
    const totals = await triageTotals(gh);
    const [issue] = totals.issues.filter((i) => i.body?.includes(reports[0]?.fingerprint ?? "-"));
    expect(issue && totals.totals.get(issue.number)).toBe(5);
    expect(issue && totals.commentCounts.get(issue.number)).toBe(1);
  }, 60_000);

  // Last: it empties the Redis the cases above share.
  it("makes a limiter again when Redis no longer has its state (restarted empty, or its idle keys expired), refusing at once the requests waiting in the old one", async () => {
    const { config, connections, octokit } = await instance();
    const list = () => octokit.request("GET /repos/{owner}/{repo}/labels", { owner, repo });
    expect((await list()).status).toBe(200);
    // A write waits for the slot another instance holds when Redis loses it all.
    const release = await holdWriteSlot(config, connections);
    const waiting = octokit.request("POST /repos/{owner}/{repo}/labels", {
      owner,
      repo,
      name: "waiting-in-a-lost-limiter",
    });
    waiting.catch(() => {});
    await redis.client().flushall();
    // Refused (by the dropped limiter, or by Redis if it asked first), not
    // left waiting for a slot no one will free.
    await expect(waiting).rejects.toThrow(/limiter has been stopped|SETTINGS_KEY_NOT_FOUND/);
    await release();
    const again = await waitFor(
      "a request to go through again",
      () => list().catch(() => undefined),
      20_000,
    );
    expect(again.status).toBe(200);
  });
});
