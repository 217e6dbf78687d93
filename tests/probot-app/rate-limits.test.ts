import { afterAll, beforeAll, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import { ingestConfig, makeReport, postReport, startGitHub } from "./harness.js";

let gh: LocalGitHub;
let ingest: CrashfixServer;

beforeAll(async () => {
  gh = await startGitHub();
  ingest = await startCrashfixServer(
    ingestConfig(gh, { CRASHFIX_RATE_IP_PER_MINUTE: "6", CRASHFIX_RATE_PROJECT_PER_MINUTE: "2" }),
  );
});

afterAll(async () => {
  await ingest?.close();
  await gh?.close();
});

it("limits one project and then one client address, with Retry-After", async () => {
  const project = { project_id_hash: "c".repeat(64) };
  const answers = [];
  for (let i = 0; i < 3; i += 1) answers.push(await postReport(ingest.url, makeReport(project)));
  expect(answers.map((a) => a.status)).toEqual([202, 202, 429]);
  expect(Number(answers[2]?.headers["retry-after"])).toBeGreaterThan(0);
  // Other projects from the same address still get through, up to the address limit.
  const more = [];
  for (let i = 0; i < 4; i += 1) more.push((await postReport(ingest.url, makeReport())).status);
  expect(more).toEqual([202, 202, 202, 429]);
  const limited = await postReport(ingest.url, makeReport());
  expect(limited.status).toBe(429);
  expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
  expect((await fetch(`${ingest.url}/healthz`)).status).toBe(200);
});
