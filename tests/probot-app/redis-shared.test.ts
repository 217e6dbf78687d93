import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import {
  hasRedis,
  ingestConfig,
  reportFor,
  sendAll,
  startGitHub,
  startRedis,
  triageTotals,
  waitFor,
} from "./harness.js";

describe.skipIf(!hasRedis)("several instances sharing Redis", () => {
  let gh: LocalGitHub;
  let redis: ChildProcess;
  let redisUrl = "";
  const servers: CrashfixServer[] = [];

  beforeAll(async () => {
    gh = await startGitHub();
    const started = await startRedis();
    redis = started.process;
    redisUrl = started.url;
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    redis?.kill("SIGKILL");
    await gh?.close();
  });

  it("counts exactly across two instances flushing the same fingerprints", async () => {
    const a = await startCrashfixServer(ingestConfig(gh, { CRASHFIX_REDIS_URL: redisUrl }));
    const b = await startCrashfixServer(ingestConfig(gh, { CRASHFIX_REDIS_URL: redisUrl }));
    servers.push(a, b);
    const reports = Array.from({ length: 2_000 }, (_, i) => reportFor(7000 + (i % 10)));
    let turn = 0;
    const next = () => {
      turn += 1;
      return turn % 2 === 0 ? a.url : b.url;
    };
    await sendAll(next, reports, 16);
    const totals = await waitFor("both instances to drain", async () => {
      if (a.worker.pending + b.worker.pending > 0) return undefined;
      return triageTotals(gh);
    });
    expect(totals.issues).toHaveLength(10);
    expect(totals.countersComments).toBe(10);
    expect(totals.sum).toBe(2_000);
    expect([...totals.totals.values()].every((total) => total === 200)).toBe(true);
  }, 120_000);
});
