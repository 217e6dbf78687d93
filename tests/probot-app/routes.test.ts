// What the ingest answers on its HTTP surface beside the report itself:
// unknown paths, wrong methods, and Probot's own routes next to the ingest's.
import { randomUUID } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, post, shareIngest } from "./harness.js";

const shared = shareIngest();

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe("a path the ingest does not serve", () => {
  it.each([
    ["GET", "/"],
    ["GET", "/v1/crash/nothing-here-7f3a"],
    ["POST", "/v2/crash"],
    ["DELETE", "/healthz/x"],
  ])("answers %s %s with a plain-text 404 naming the ingest's routes", async (method, path) => {
    const res = await fetch(`${shared.ingest.url}${path}`, { method });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toBe(
      "no such route: the ingest answers POST /v1/crash, GET /healthz, GET /v1/crash/stats, POST /v1/crash/promote, POST /v1/crash/forget\n",
    );
  });

  it("never echoes the path or query it was asked for", async () => {
    const res = await fetch(`${shared.ingest.url}/echo-canary-41c2?token=canary-9b7e`);
    const body = await res.text();
    expect(body).not.toContain("canary");
  });
});

describe("a method a route does not take", () => {
  it.each([
    ["POST", "/healthz", "GET, HEAD"],
    ["PUT", "/healthz", "GET, HEAD"],
    ["DELETE", "/healthz", "GET, HEAD"],
    ["GET", "/v1/crash", "POST"],
    ["PUT", "/v1/crash", "POST"],
    ["POST", "/v1/crash/stats", "GET, HEAD"],
    ["GET", "/v1/crash/promote", "POST"],
    ["GET", "/v1/crash/forget", "POST"],
  ])("answers %s %s with 405 and Allow: %s", async (method, path, allow) => {
    const res = await fetch(`${shared.ingest.url}${path}`, { method, headers: admin });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe(allow);
    expect(await res.text()).toBe(`use ${allow.replace(", ", " or ")}\n`);
  });

  it("answers HEAD /healthz like GET, without a body", async () => {
    const res = await fetch(`${shared.ingest.url}/healthz`, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });

  it("answers HEAD /v1/crash/stats with the admin token", async () => {
    const res = await fetch(`${shared.ingest.url}/v1/crash/stats`, {
      method: "HEAD",
      headers: admin,
    });
    expect(res.status).toBe(200);
  });
});

describe("Probot's own routes", () => {
  it("still takes a signed webhook at /api/github/webhooks", async () => {
    const payload = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
    const answer = await post(
      shared.ingest.url,
      payload,
      {
        "content-type": "application/json",
        "x-github-event": "ping",
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": await sign(shared.gh.app.webhookSecret, payload),
      },
      "/api/github/webhooks",
    );
    expect(answer.status).toBe(200);
  });

  it("still answers /ping", async () => {
    const res = await fetch(`${shared.ingest.url}/ping`);
    expect(res.status).toBe(200);
  });
});
