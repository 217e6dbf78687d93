import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { apiClient, startTestGitHub } from "./helpers.js";

let gh: LocalGitHub;
let call: ReturnType<typeof apiClient>;
let clock = Date.parse("2026-03-01T00:00:00Z");
let dice = 0.5;
const R = "/repos/acme/triage";

beforeAll(async () => {
  gh = await startTestGitHub({ now: () => clock, random: () => dice });
  call = apiClient(gh);
  await call("POST", `${R}/issues`, { title: "TypeError in parse", labels: ["crashfix"] });
});
beforeEach(() => {
  gh.setFaults([]);
  gh.setLimits({
    primary: { limit: 5000, windowSeconds: 3600 },
    secondary: { perMinute: 0, perHour: 0, retryAfterSeconds: 60 },
    search: { perMinute: 30, indexDelaySeconds: 0 },
  });
});
afterAll(async () => {
  await gh?.close();
});

describe("primary rate limits", () => {
  it("sends x-ratelimit-* headers that count down", async () => {
    gh.setLimits({ primary: { limit: 10, windowSeconds: 3600 } });
    const first = await call("GET", R);
    const second = await call("GET", R);
    expect(first.headers.get("x-ratelimit-limit")).toBe("10");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("9");
    expect(second.headers.get("x-ratelimit-remaining")).toBe("8");
    expect(second.headers.get("x-ratelimit-used")).toBe("2");
    expect(second.headers.get("x-ratelimit-resource")).toBe("core");
    expect(Number(second.headers.get("x-ratelimit-reset"))).toBe(
      Math.ceil((clock + 3_600_000) / 1000),
    );
  });

  it("answers 403 with remaining 0 when the budget is spent, and again after the window", async () => {
    gh.setLimits({ primary: { limit: 2, windowSeconds: 60 } });
    const before = gh.stats().limitHits.primary;
    await call("GET", R);
    await call("GET", R);
    const refused = await call("GET", R);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    expect((refused.body as { message: string }).message).toMatch(/API rate limit exceeded/);
    expect(gh.stats().limitHits.primary).toBe(before + 1);
    clock += 61_000;
    expect((await call("GET", R)).status).toBe(200);
  });

  it("reports the caller's budget at GET /rate_limit", async () => {
    gh.setLimits({ primary: { limit: 100, windowSeconds: 3600 } });
    await call("GET", R);
    const answer = await call("GET", "/rate_limit");
    expect(answer.body).toMatchObject({
      resources: { core: { limit: 100, used: 2, remaining: 98 } },
    });
  });
});

describe("secondary limits on content creation", () => {
  it("answers 403 with retry-after and GitHub's message over the per-minute budget", async () => {
    gh.setLimits({ secondary: { perMinute: 2, perHour: 0, retryAfterSeconds: 30 } });
    expect((await call("POST", `${R}/issues/1/comments`, { body: "1" })).status).toBe(201);
    expect((await call("POST", `${R}/issues/1/comments`, { body: "2" })).status).toBe(201);
    const refused = await call("POST", `${R}/issues/1/comments`, { body: "3" });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("retry-after")).toBe("30");
    expect((refused.body as { message: string }).message).toMatch(/secondary rate limit/);
    // Reads are not content creation.
    expect((await call("GET", `${R}/issues/1/comments`)).status).toBe(200);
    clock += 29_000;
    expect((await call("POST", `${R}/issues/1/comments`, { body: "4" })).status).toBe(403);
    clock += 2_000;
    expect((await call("POST", `${R}/issues/1/comments`, { body: "5" })).status).toBe(201);
  });

  it("answers 429 instead of 403 when configured, as GitHub sometimes does", async () => {
    gh.setLimits({ secondary: { perMinute: 1, perHour: 0, retryAfterSeconds: 5, status: 429 } });
    await call("POST", `${R}/labels`, { name: "first-429" });
    const refused = await call("POST", `${R}/labels`, { name: "second-429" });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("5");
    gh.setLimits({ secondary: { status: 403 } });
  });

  it("counts the hourly budget too", async () => {
    gh.setLimits({ secondary: { perMinute: 0, perHour: 1, retryAfterSeconds: 60 } });
    expect((await call("POST", `${R}/labels`, { name: "hourly-1" })).status).toBe(201);
    expect((await call("POST", `${R}/labels`, { name: "hourly-2" })).status).toBe(403);
  });
});

describe("conditional requests", () => {
  it("answers If-None-Match with 304 without spending the budget, until the resource changes", async () => {
    const first = await call("GET", `${R}/issues/1`);
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^W\/"[0-9a-f]{40}"$/);
    const remaining = Number(first.headers.get("x-ratelimit-remaining"));
    const cached = await call("GET", `${R}/issues/1`, undefined, { "if-none-match": etag });
    expect(cached.status).toBe(304);
    expect(cached.text).toBe("");
    const after = await call("GET", `${R}/issues/1`);
    expect(Number(after.headers.get("x-ratelimit-remaining"))).toBe(remaining - 1);
    clock += 1000;
    await call("PATCH", `${R}/issues/1`, { body: "changed" });
    expect((await call("GET", `${R}/issues/1`, undefined, { "if-none-match": etag })).status).toBe(
      200,
    );
  });
});

describe("fault injection", () => {
  it("fails the next matching requests with the configured 5xx, set through the admin endpoint", async () => {
    const set = await call("PUT", "/_local/faults", {
      faults: [{ route: "GET /repos/{owner}/{repo}/issues", status: 500, times: 2 }],
    });
    expect(set.status).toBe(200);
    expect((await call("GET", `${R}/issues`)).status).toBe(500);
    expect((await call("GET", `${R}/issues`)).status).toBe(500);
    expect((await call("GET", `${R}/issues`)).status).toBe(200);
    expect((await call("GET", R)).status).toBe(200);
  });

  it.each([
    [0.5, 0.3, 503],
    [0.5, 0.7, 200],
  ])("fails a share %f of requests (dice %f gives %i)", async (rate, roll, status) => {
    dice = roll;
    gh.setFaults([{ route: "*", status: 503, rate }]);
    expect((await call("GET", R)).status).toBe(status);
  });

  it("resets the connection when asked", async () => {
    gh.setFaults([{ route: "POST /repos/{owner}/{repo}/issues", reset: true, times: 1 }]);
    await expect(call("POST", `${R}/issues`, { title: "lost" })).rejects.toThrow();
    expect((await call("POST", `${R}/issues`, { title: "kept" })).status).toBe(201);
  });

  it("carries out the write and then loses the answer in the after phase", async () => {
    gh.setFaults([
      { route: "POST /repos/{owner}/{repo}/labels", status: 502, phase: "after", times: 1 },
    ]);
    const lost = await call("POST", `${R}/labels`, { name: "written-anyway" });
    expect(lost.status).toBe(502);
    expect((await call("GET", `${R}/labels/written-anyway`)).status).toBe(200);
    const retried = await call("POST", `${R}/labels`, { name: "written-anyway" });
    expect(retried.body).toMatchObject({ errors: [{ code: "already_exists" }] });
  });

  it("keeps the admin endpoints out of reach of a catch-all fault", async () => {
    gh.setFaults([{ route: "*", status: 500 }]);
    expect((await call("GET", R)).status).toBe(500);
    expect((await call("PUT", "/_local/faults", { faults: [] })).status).toBe(200);
    expect((await call("GET", R)).status).toBe(200);
  });

  it("adds latency and still answers", async () => {
    gh.setFaults([{ route: "GET /repos/{owner}/{repo}", latencyMs: 50 }]);
    expect((await call("GET", R)).status).toBe(200);
    expect((await call("GET", "/_local/faults")).body).toMatchObject({
      faults: [{ latencyMs: 50 }],
    });
  });
});

describe("stats", () => {
  it("counts requests per route, writes and statuses", async () => {
    const before = (await call("GET", "/_local/stats")).body as {
      writes: number;
      requests: Record<string, number>;
    };
    await call("POST", `${R}/labels`, { name: "counted" });
    await call("GET", "/nowhere");
    const after = (await call("GET", "/_local/stats")).body as {
      writes: number;
      requests: Record<string, number>;
      statuses: Record<string, number>;
    };
    expect(after.writes).toBe(before.writes + 1);
    const key = "POST /repos/{owner}/{repo}/labels";
    expect(after.requests[key]).toBe((before.requests[key] ?? 0) + 1);
    expect(after.requests.unmatched).toBeGreaterThan(0);
    expect(after.statuses["404"]).toBeGreaterThan(0);
  });
});

describe("search", () => {
  it("finds issues by repo, label and words only after the indexing delay", async () => {
    gh.setLimits({ search: { perMinute: 30, indexDelaySeconds: 60 } });
    const q = encodeURIComponent('repo:acme/triage label:"crashfix" typeerror');
    expect((await call("GET", `/search/issues?q=${q}`)).body).toMatchObject({ total_count: 0 });
    clock += 61_000;
    const found = await call("GET", `/search/issues?q=${q}`);
    expect(found.body).toMatchObject({ total_count: 1, items: [{ number: 1 }] });
  });

  it("limits search to its own per-minute budget", async () => {
    gh.setLimits({ search: { perMinute: 1, indexDelaySeconds: 0 } });
    expect((await call("GET", "/search/issues?q=x")).status).toBe(200);
    const refused = await call("GET", "/search/issues?q=x");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-ratelimit-resource")).toBe("search");
  });
});
