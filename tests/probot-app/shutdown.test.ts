import type { ChildProcess } from "node:child_process";
import { Agent } from "node:http";
import { afterEach, beforeAll, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../fixtures/redis-server.js";
import type { LocalGitHub } from "../../local-github/index.js";
import { pickPort } from "../../probot-app/server/pick-port.js";
import { assertBuilt, killBin, startBin } from "./bin-instance.js";
import { describeWithRedis } from "./describe-with-redis.js";
import {
  ingestEnv,
  post,
  reportFor,
  sendAll,
  startGitHub,
  triageTotals,
  waitFor,
  waitForEmptySpool,
} from "./harness.js";

// Far above what closing takes (about 2 s) and far below what it took when
// SIGTERM waited for the whole flush pass (about 50 s for these 10 new
// fingerprints at GitHub's pacing), and under the 30 s Kubernetes waits.
const EXIT_BOUND_MS = 15_000;

// What a test started, stopped after it whatever happened.
let gh: LocalGitHub | undefined;
let child: ChildProcess | undefined;
let redis: RedisServer | undefined;

beforeAll(() => assertBuilt());

afterEach(async () => {
  await killBin(child);
  await gh?.close();
  await redis?.stop();
  child = gh = redis = undefined;
});

// Resolves with how long the process took to exit after `signal`, or with
// undefined (and kills it) when it outlives `boundMs`.
async function exitAfter(
  proc: ChildProcess,
  signal: NodeJS.Signals,
  boundMs: number,
): Promise<number | undefined> {
  const sent = Date.now();
  const exited = new Promise<number>((resolve) =>
    proc.once("exit", () => resolve(Date.now() - sent)),
  );
  proc.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), boundMs);
  });
  const took = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (took === undefined) await killBin(proc);
  return took;
}

// A storm of 2,000 reports of 10 new fingerprints, SIGTERM halfway through
// while a flush pass writes to GitHub, then a restart on the same spool:
// the clients' retries reach it, and every report is counted exactly once.
// The restart gets the same environment, so the same spool folder.
async function sigtermInStorm(extra: Record<string, string> = {}): Promise<void> {
  const github = await startGitHub();
  gh = github;
  const port = await pickPort("127.0.0.1");
  // GitHub's pacing as in production (writes 1 s apart, creations 3 s
  // apart), so a flush pass over the storm's new fingerprints is long.
  const paced = ingestEnv(github, {
    ...extra,
    PORT: String(port),
    CRASHFIX_FLUSH_INTERVAL_MS: "1000",
    CRASHFIX_WRITE_INTERVAL_MS: "1000",
    CRASHFIX_CREATE_INTERVAL_MS: "3000",
  });
  const url = `http://127.0.0.1:${port}`;
  const first = await startBin(paced);
  child = first;
  let said = "";
  first.stderr?.on("data", (chunk: Buffer) => {
    said += chunk.toString();
  });
  const reports = Array.from({ length: 2_000 }, (_, i) => reportFor(4000 + (i % 10)));
  const progress = { accepted: 0, failed: 0 };
  // Clients keep keep-alive connections open and retry what is not answered
  // 202, as the crashfix client does, so the storm goes on across the restart.
  const storm = sendAll(() => url, reports, 16, progress);
  // Awaited below; until then a failure must not surface as unhandled when
  // an assertion ends the test first.
  storm.catch(() => {});
  await waitFor("half the storm and a flush", () =>
    progress.accepted >= 1_000 && github.stats().writes > 0 ? true : undefined,
  );
  const took = await exitAfter(first, "SIGTERM", EXIT_BOUND_MS);
  expect(took, `crashfix-server still ran ${EXIT_BOUND_MS} ms after SIGTERM`).toBeDefined();
  // Closed, rather than given up on at the deadline (which loses nothing either).
  expect(said).toContain("SIGTERM, closing");
  expect(said).not.toContain("closing took longer");
  // The next start, without pacing to keep the test short.
  child = await startBin({
    ...paced,
    CRASHFIX_WRITE_INTERVAL_MS: "0",
    CRASHFIX_CREATE_INTERVAL_MS: "0",
    CRASHFIX_FLUSH_INTERVAL_MS: "200",
  });
  expect(await storm).toBe(2_000);
  await waitForEmptySpool(url);
  const settled = await triageTotals(github);
  expect(settled.issues).toHaveLength(10);
  expect(settled.sum).toBe(2_000);
  expect([...settled.totals.values()].every((total) => total === 200)).toBe(true);
}

it("on the local spool: exits soon after SIGTERM in a storm, and the next start files every accepted report", async () => {
  await sigtermInStorm();
}, 120_000);

describeWithRedis("on Redis", () => {
  it("exits soon after SIGTERM in a storm, and the next start files every accepted report", async () => {
    redis = await startRedisServer({ aof: true });
    await sigtermInStorm({ CRASHFIX_REDIS_URL: redis.url });
  }, 120_000);
});

// What each keep-alive client met: a status, or the error code of a send
// that got no answer (ECONNRESET, "socket hang up").
type Outcome = number | string;

// Sends reports one after another on a keep-alive agent until the ingest
// answers anything but 202 or the send fails, as a client does that keeps
// a report it could not send for later.
async function sendUntilRefused(url: string, agent: Agent, outcomes: Outcome[]): Promise<void> {
  for (let i = 0; ; i += 1) {
    let outcome: Outcome;
    try {
      const answer = await post(
        url,
        JSON.stringify(reportFor(5000 + (i % 5))),
        { "content-type": "application/json" },
        "/v1/crash",
        agent,
      );
      outcome = answer.status;
      if (answer.status === 503) {
        expect(answer.headers["retry-after"]).toBeDefined();
        expect(answer.headers.connection).toBe("close");
      }
    } catch (error: unknown) {
      outcome = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    }
    outcomes.push(outcome);
    if (outcome !== 202) return;
  }
}

it("answers every request on a keep-alive socket 202 or 503 while SIGTERM drains, and the next start counts every 202", async () => {
  const github = await startGitHub();
  gh = github;
  const port = await pickPort("127.0.0.1");
  const env = ingestEnv(github, { PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  child = await startBin(env);
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const outcomes: Outcome[] = [];
  const senders = Promise.all(
    Array.from({ length: 16 }, () => sendUntilRefused(url, agent, outcomes)),
  );
  await waitFor("a burst in full flow", () =>
    outcomes.filter((outcome) => outcome === 202).length >= 500 ? true : undefined,
  );
  const took = await exitAfter(child, "SIGTERM", EXIT_BOUND_MS);
  expect(took, `crashfix-server still ran ${EXIT_BOUND_MS} ms after SIGTERM`).toBeDefined();
  await senders;
  agent.destroy();
  const refusals = outcomes.filter((outcome) => outcome !== 202);
  expect(refusals).toEqual(Array(16).fill(503));
  const accepted = outcomes.length - refusals.length;
  child = await startBin(env);
  await waitForEmptySpool(url);
  expect((await triageTotals(github)).sum).toBe(accepted);
}, 120_000);
