import { readdirSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import { cases, INJECTIONS, json, STRING_FIELDS, valid } from "./bad-input-cases.js";
import {
  ADMIN_TOKEN,
  type Answer,
  ingestConfig,
  makeReport,
  post,
  postReport,
  startGitHub,
  triageIssues,
  waitFor,
} from "./harness.js";

let gh: LocalGitHub;
let ingest: CrashfixServer;
let spoolDir: string;

beforeAll(async () => {
  gh = await startGitHub();
  const config = ingestConfig(gh);
  spoolDir = config.spoolDir;
  ingest = await startCrashfixServer(config);
});

afterAll(async () => {
  await ingest?.close();
  await gh?.close();
});

// Sends a body in pieces with pauses, as a slow (or slowloris) client does.
function postSlowly(url: string, pieces: string[], pauseMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/crash`,
      { method: "POST", headers: { "content-type": "application/json" }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            headers: res.headers,
          }),
        );
      },
    );
    req.on("error", reject);
    let i = 0;
    const tick = () => {
      const piece = pieces[i];
      i += 1;
      if (piece === undefined) {
        req.end();
        return;
      }
      req.write(piece);
      setTimeout(tick, pauseMs);
    };
    tick();
  });
}

describe("POST /v1/crash refuses bad input", () => {
  it.each(cases)("answers %s with the right status", async (_name, body, status, headers) => {
    const answer = await post(ingest.url, body, headers ?? { "content-type": "application/json" });
    expect(answer.status).toBe(status);
    expect(answer.body.length).toBeLessThan(100);
    expect(answer.body).not.toContain("loki");
  });

  it.each(STRING_FIELDS)("refuses injection strings in %s", async (field) => {
    for (const injection of INJECTIONS) {
      const answer = await postReport(ingest.url, { ...valid, [field]: injection });
      expect(answer.status, `${field}=${injection}`).toBe(400);
    }
  });

  it("refuses injection strings in a stack frame and in runtime versions", async () => {
    for (const injection of INJECTIONS) {
      const frames = await postReport(ingest.url, {
        ...valid,
        stack_signature: ["main", injection],
      });
      const runtime = await postReport(ingest.url, { ...valid, runtime: { node: injection } });
      expect([frames.status, runtime.status]).toEqual([400, 400]);
    }
  });

  it("refuses a body that grows past the cap without a Content-Length", async () => {
    const answer = await postSlowly(ingest.url, ["[", "1,".repeat(6000), "1".repeat(6000)], 1);
    expect(answer.status).toBe(413);
  });

  it("times out a body that trickles in too slowly", async () => {
    const body = json(valid);
    const answer = await postSlowly(
      ingest.url,
      [body.slice(0, 10), body.slice(10, 20), body.slice(20)],
      400,
    );
    expect(answer.status).toBe(408);
  });

  it("answers GET on the report endpoint with 405", async () => {
    const res = await fetch(`${ingest.url}/v1/crash`);
    expect(res.status).toBe(405);
  });

  it("stays up and has stored nothing after all of it", async () => {
    const health = await waitFor("the triage repo check", async () => {
      const res = await fetch(`${ingest.url}/healthz`);
      const body = (await res.json()) as { flush?: unknown };
      return body.flush ? { status: res.status, body } : undefined;
    });
    expect(health).toEqual({ status: 200, body: { ok: true, spoolDepth: 0, flush: { ok: true } } });
    const stats = (await (
      await fetch(`${ingest.url}/v1/crash/stats`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      })
    ).json()) as { counters: Record<string, number>; spoolDepth: number };
    expect(stats.spoolDepth).toBe(0);
    expect(stats.counters.accepted ?? 0).toBe(0);
    expect(stats.counters.rejected_400).toBeGreaterThan(30);
    const spooled = readdirSync(spoolDir)
      .filter((name) => name.startsWith("segment-"))
      .map((name) => readFileSync(join(spoolDir, name), "utf8"))
      .join("");
    expect(spooled).toBe("");
    expect(await triageIssues(gh)).toEqual([]);
  });

  it("still accepts a good report afterwards, with an empty 202", async () => {
    const answer = await postReport(ingest.url, makeReport());
    expect(answer.status).toBe(202);
    expect(answer.body).toBe("");
  });
});

describe("admin endpoints", () => {
  it.each([
    ["no token", {}],
    ["a wrong token", { authorization: "Bearer wrong-token-wrong-token-00" }],
    ["a token with the wrong scheme", { authorization: `Basic ${ADMIN_TOKEN}` }],
    ["a token prefix", { authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}` }],
  ])("refuses stats with %s", async (_name, headers) => {
    const res = await fetch(`${ingest.url}/v1/crash/stats`, { headers });
    expect(res.status).toBe(401);
  });

  it.each([
    ["no JSON", "fingerprint", 400],
    ["a non-hex fingerprint", json({ fingerprint: "x".repeat(64) }), 400],
    ["an extra field", json({ fingerprint: "a".repeat(64), force: true }), 400],
    ["an unknown fingerprint", json({ fingerprint: "a".repeat(64) }), 404],
  ])("answers promote with %s", async (_name, body, status) => {
    const answer = await post(
      ingest.url,
      body,
      { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
      "/v1/crash/promote",
    );
    expect(answer.status).toBe(status);
  });

  it("refuses promote without the admin token", async () => {
    const answer = await post(
      ingest.url,
      json({ fingerprint: "a".repeat(64) }),
      {},
      "/v1/crash/promote",
    );
    expect(answer.status).toBe(401);
  });
});
