import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import { ingestConfig, reportFor, sendAll, startGitHub, triageTotals, waitFor } from "./harness.js";

let gh: LocalGitHub;
const servers: CrashfixServer[] = [];

beforeAll(async () => {
  gh = await startGitHub();
});

afterAll(async () => {
  for (const server of servers) await server.close();
  await gh?.close();
});

it("keeps dropping client retries across ledger compactions and a restart", async () => {
  // A ledger that remembers only 60 ids compacts after every wave and keeps
  // the 30 most recently counted ids; the retried reports are among those
  // (one fingerprint, so ids are counted in arrival order).
  const config = ingestConfig(gh, { CRASHFIX_COUNTED_IDS: "60" });
  let ingest = await startCrashfixServer(config);
  servers.push(ingest);
  const drained = (server: CrashfixServer) =>
    waitFor("the worker to drain", async () =>
      (await server.spool.depth()) === 0 ? true : undefined,
    );
  const waves = Array.from({ length: 4 }, () => Array.from({ length: 50 }, () => reportFor(8000)));
  for (const wave of waves) {
    await sendAll(() => ingest.url, wave, 8);
    await drained(ingest);
  }
  const last = waves.at(-1) ?? [];
  await sendAll(() => ingest.url, last.slice(-20), 4);
  await drained(ingest);
  const ledger = readFileSync(join(config.spoolDir, "ledger.log"), "utf8");
  expect(ledger.length).toBeLessThan(60 * 40 * 3);
  await ingest.close();
  ingest = await startCrashfixServer(config);
  servers.push(ingest);
  await sendAll(() => ingest.url, last.slice(-20), 4);
  await drained(ingest);
  const totals = await triageTotals(gh);
  expect(totals.sum).toBe(200);
  expect(totals.issues).toHaveLength(1);
  expect(await ingest.spool.depth()).toBe(0);
});
