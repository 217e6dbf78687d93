import { createHmac } from "node:crypto";
import type { IncomingHttpHeaders, Server } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import webhookExamples from "@octokit/webhooks-examples";
import { createNodeMiddleware, Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { pushBranches } from "./git-helpers.js";
import { apiClient, startTestGitHub } from "./helpers.js";
import { loadGitHubOpenApi } from "./openapi-validator.js";

type Delivery = { headers: IncomingHttpHeaders; raw: string; payload: Record<string, unknown> };

let gh: LocalGitHub;
let receiver: Server;
let receiverUrl: string;
const deliveries: Delivery[] = [];
let checkWebhook: ReturnType<typeof loadGitHubOpenApi>["checkWebhook"];
const R = "/repos/acme/triage";

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
};

beforeAll(async () => {
  checkWebhook = loadGitHubOpenApi().checkWebhook;
  gh = await startTestGitHub();
  receiver = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on("end", () => {
      deliveries.push({ headers: req.headers, raw, payload: JSON.parse(raw) });
      res.writeHead(204);
      res.end();
    });
  });
  receiverUrl = await listen(receiver);
  await pushBranches(gh, "acme/triage", ["crashfix/fix-1"]);
  gh.setWebhookUrl(receiverUrl);
  const call = apiClient(gh);
  await call("POST", `${R}/issues`, { title: "TypeError", body: "crash", labels: ["crashfix"] });
  await call("POST", `${R}/issues/1/labels`, { labels: ["crash:new"] });
  const comment = await call("POST", `${R}/issues/1/comments`, { body: "counters" });
  await call("PATCH", `${R}/issues/comments/${(comment.body as { id: number }).id}`, {
    body: "counters 2",
  });
  await call("PATCH", `${R}/issues/1`, {
    title: "TypeError in parse",
    state: "closed",
    labels: ["crashfix", "crash:fixed"],
  });
  await call("DELETE", `${R}/issues/1/labels/crashfix`);
  await call("PATCH", `${R}/issues/1`, { state: "open" });
  const pull = await call("POST", `${R}/pulls`, {
    title: "Fix",
    head: "crashfix/fix-1",
    base: "main",
  });
  await call("PATCH", `${R}/pulls/${(pull.body as { number: number }).number}`, {
    state: "closed",
  });
  await call("DELETE", `${R}/issues/comments/${(comment.body as { id: number }).id}`);
  await gh.webhooksIdle();
}, 120_000);

afterAll(async () => {
  receiver?.close();
  await gh?.close();
});

const name = (d: Delivery) => `${d.headers["x-github-event"]}.${String(d.payload.action)}`;

describe("webhook deliveries", () => {
  it("sends the events GitHub would, in order", () => {
    expect(deliveries.map(name)).toEqual([
      "issues.opened",
      "issues.labeled",
      "issue_comment.created",
      "issue_comment.edited",
      "issues.edited",
      "issues.closed",
      "issues.labeled",
      "issues.unlabeled",
      "issues.unlabeled",
      "issues.reopened",
      "pull_request.opened",
      "pull_request.closed",
      "issue_comment.deleted",
    ]);
    expect(gh.stats().webhooks).toEqual({ delivered: 13, failed: 0 });
  });

  it("signs every delivery with the App's webhook secret (X-Hub-Signature-256)", () => {
    for (const delivery of deliveries) {
      const expected = `sha256=${createHmac("sha256", gh.app.webhookSecret).update(delivery.raw).digest("hex")}`;
      expect(delivery.headers["x-hub-signature-256"]).toBe(expected);
      expect(delivery.headers["x-github-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("sends payloads that validate against GitHub's webhook schemas", () => {
    for (const delivery of deliveries) {
      const schemaName = `${String(delivery.headers["x-github-event"]).replace("_", "-")}-${String(delivery.payload.action)}`;
      expect(checkWebhook(schemaName, delivery.payload), schemaName).toEqual([]);
    }
  });

  it.each([
    ["issues", "opened"],
    ["issues", "labeled"],
    ["issue_comment", "created"],
    ["pull_request", "opened"],
  ])(
    "carries every top-level field of the %s.%s example in @octokit/webhooks-examples",
    (event, action) => {
      const catalogue = webhookExamples as unknown as Array<{
        name: string;
        examples: Array<Record<string, unknown>>;
      }>;
      const examples = catalogue.find((entry) => entry.name === event)?.examples ?? [];
      const example = examples.find((e) => e.action === action) ?? {};
      expect(Object.keys(example).length).toBeGreaterThan(0);
      const ours = deliveries.find((d) => name(d) === `${event}.${action}`)?.payload ?? {};
      // Organisation and enterprise only exist on github.com accounts.
      const expected = Object.keys(example).filter(
        (key) => key !== "organization" && key !== "enterprise",
      );
      expect(Object.keys(ours).sort()).toEqual(expect.arrayContaining(expected.sort()));
    },
  );

  it("reports a delivery that fails, without failing the API call", async () => {
    gh.setWebhookUrl("http://127.0.0.1:9/unreachable");
    const before = gh.stats().webhooks.failed;
    expect((await apiClient(gh)("POST", `${R}/issues`, { title: "still created" })).status).toBe(
      201,
    );
    await gh.webhooksIdle();
    expect(gh.stats().webhooks.failed).toBe(before + 1);
    gh.setWebhookUrl(undefined);
  });
});

describe("a Probot app receiving the local GitHub's webhooks", () => {
  it("verifies the signature, routes issues.closed and answers through the API", async () => {
    const probot = new Probot({
      appId: gh.app.appId,
      privateKey: gh.app.privateKey,
      secret: gh.app.webhookSecret,
      baseUrl: gh.apiUrl,
      logLevel: "fatal",
    });
    const seen: number[] = [];
    const middleware = await createNodeMiddleware(
      (app) => {
        app.on("issues.closed", async (context) => {
          seen.push(context.payload.issue.number);
          await context.octokit.rest.issues.createComment(context.issue({ body: "closed, noted" }));
        });
      },
      { probot, webhooksPath: "/api/github/webhooks" },
    );
    const server = createServer((req, res) => {
      void middleware(req, res, () => {
        res.writeHead(404);
        res.end();
      });
    });
    const url = (await listen(server)).replace("/hooks", "/api/github/webhooks");
    try {
      gh.setWebhookUrl(url);
      const call = apiClient(gh);
      const created = await call("POST", `${R}/issues`, { title: "to close" });
      const number = (created.body as { number: number }).number;
      await call("PATCH", `${R}/issues/${number}`, { state: "closed" });
      await gh.webhooksIdle();
      // The handler runs after Probot answered the delivery; wait for its comment.
      const comments = await vi.waitFor(
        async () => {
          const listed = (await call("GET", `${R}/issues/${number}/comments`)).body as Array<{
            body: string;
            user: { login: string };
          }>;
          expect(listed).not.toHaveLength(0);
          return listed;
        },
        { timeout: 5_000, interval: 50 },
      );
      expect(seen).toEqual([number]);
      expect(comments).toMatchObject([
        { body: "closed, noted", user: { login: `${gh.app.slug}[bot]` } },
      ]);
    } finally {
      gh.setWebhookUrl(undefined);
      server.close();
    }
  });
});
