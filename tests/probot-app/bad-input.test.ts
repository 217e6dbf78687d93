import { readdirSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import {
  ADMIN_TOKEN,
  type Answer,
  ingestConfig,
  makeReport,
  post,
  postReport,
  startGitHub,
  triageIssues,
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

const valid = makeReport();
const json = (value: unknown) => JSON.stringify(value);
const withField = (key: string, value: unknown) => json({ ...valid, [key]: value });
const without = (key: string) => {
  const copy: Record<string, unknown> = { ...valid };
  delete copy[key];
  return json(copy);
};
const deep = (depth: number): unknown => (depth === 0 ? "x" : { a: deep(depth - 1) });

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

const cases: [string, string | Buffer, number, Record<string, string>?][] = [
  ["truncated JSON", json(valid).slice(0, 40), 400],
  ["an empty body", "", 400],
  ["a JSON array", json([valid]), 400],
  ["a JSON string", json("report"), 400],
  ["JSON null", "null", 400],
  ["a trailing comma", `${json(valid).slice(0, -1)},}`, 400],
  ["NaN", json(valid).replace('"redactions_count":0', '"redactions_count":NaN'), 400],
  ["a number where a string belongs", withField("app_version", 123), 400],
  ["a string where an array belongs", withField("stack_signature", "main"), 400],
  ["a string exit code", withField("exit_code", "1"), 400],
  ["a fractional exit code", withField("exit_code", 1.5), 400],
  ["a negative redactions count", withField("redactions_count", -1), 400],
  ["an unknown field", withField("message", "hello"), 400],
  ["an unknown field in runtime", withField("runtime", { node: "20", python: "3" }), 400],
  ["a missing report_id", without("report_id"), 400],
  ["a missing fingerprint", without("fingerprint"), 400],
  ["a missing schema", without("schema"), 400],
  ["schema version 2", withField("schema", "2"), 400],
  ["a __proto__ key", json(valid).replace("{", '{"__proto__":{"admin":true},'), 400],
  ["a constructor key", json(valid).replace("{", '{"constructor":{"prototype":{}},'), 400],
  [
    "a __proto__ key inside runtime",
    withField("runtime", JSON.parse('{"__proto__":{"x":1}}')),
    400,
  ],
  ["deep nesting", withField("runtime", deep(200)), 400],
  ["a 21-frame signature", withField("stack_signature", Array(21).fill("f")), 400],
  ["a huge array", withField("stack_signature", Array(5000).fill(1)), 413],
  ["a 2 KiB string", withField("app", "a".repeat(2048)), 400],
  ["a non-UUID report id", withField("report_id", "1234"), 400],
  [
    "a report id that is not v4",
    withField("report_id", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
    400,
  ],
  ["a captured_at with milliseconds", withField("captured_at", "2026-11-25T12:00:00.123Z"), 400],
  ["a captured_at with an offset", withField("captured_at", "2026-11-25T12:00:00+01:00"), 400],
  ["an unknown friction kind", withField("friction_kind", "rm -rf"), 400],
  ["a non-hex fingerprint", withField("fingerprint", "z".repeat(64)), 400],
  ["an upper-case fingerprint", withField("fingerprint", valid.fingerprint.toUpperCase()), 400],
  ["a short fingerprint", withField("fingerprint", valid.fingerprint.slice(0, 63)), 400],
  [
    "a fingerprint of other frames",
    withField("fingerprint", makeReport({ frames: ["x"] }).fingerprint),
    400,
  ],
  ["a non-hex project id", withField("project_id_hash", "g".repeat(64)), 400],
  [
    "invalid UTF-8",
    Buffer.concat([Buffer.from('{"app":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
    400,
  ],
  [
    "an overlong UTF-8 encoding",
    Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]),
    400,
  ],
  ["a lone high surrogate", json(valid).replace('"loki-mode"', '"loki\\ud800"'), 400],
  ["a lone low surrogate", json(valid).replace('"TypeError"', '"\\udc00Type"'), 400],
  ["an oversize body", json({ ...valid, pad: "x".repeat(20_000) }), 413],
  ["text/plain", json(valid), 415, { "content-type": "text/plain" }],
  ["no content type", json(valid), 415, {}],
  ["form encoding", json(valid), 415, { "content-type": "application/x-www-form-urlencoded" }],
  ["JSON in Latin-1", json(valid), 415, { "content-type": "application/json; charset=iso-8859-1" }],
  [
    "a gzip encoding",
    json(valid),
    415,
    { "content-type": "application/json", "content-encoding": "gzip" },
  ],
];

const INJECTIONS = [
  "$(touch /tmp/pwned)",
  "`id`",
  "a; rm -rf /",
  "<script>alert(1)</script>",
  "x\ny",
  "../../etc/passwd",
  "@octocat",
  "' OR 1=1 --",
  // A GitHub Actions expression, in case a value ever reaches a workflow.
  ["$", "{{ secrets.GITHUB_TOKEN }}"].join(""),
  "a|b",
];
const STRING_FIELDS = [
  "report_id",
  "app",
  "app_version",
  "os",
  "arch",
  "error_class",
  "phase",
  "project_id_hash",
  "fingerprint",
  "rules_version",
  "captured_at",
];

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
    const health = await fetch(`${ingest.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, spoolDepth: 0 });
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
