import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { apiClient, quietLog, startTestGitHub } from "./helpers.js";

// @octokit/rest with the throttling and retry plugins, configured as a
// GitHub Enterprise Server client: only baseUrl points here.
const ThrottledOctokit = Octokit.plugin(throttling, retry);

let gh: LocalGitHub;
const limitEvents: string[] = [];

function client(): InstanceType<typeof ThrottledOctokit> {
  return new ThrottledOctokit({
    baseUrl: gh.apiUrl,
    auth: gh.token,
    log: quietLog,
    throttle: {
      onRateLimit: (retryAfter, _options, _octokit, retryCount) => {
        limitEvents.push(`primary:${retryAfter}`);
        return retryCount < 2;
      },
      onSecondaryRateLimit: (retryAfter, _options, _octokit, retryCount) => {
        limitEvents.push(`secondary:${retryAfter}`);
        return retryCount < 2;
      },
    },
  });
}

beforeAll(async () => {
  gh = await startTestGitHub({ repos: ["acme/triage", "acme/paging"] });
  const call = apiClient(gh);
  for (let i = 1; i <= 65; i++) {
    await call("POST", "/repos/acme/paging/issues", {
      title: `issue ${i}`,
      labels: i % 2 ? ["odd"] : [],
    });
  }
});

beforeEach(() => {
  limitEvents.length = 0;
  gh.setFaults([]);
  gh.setLimits({
    primary: { limit: 5000, windowSeconds: 3600 },
    secondary: { perMinute: 0, perHour: 0 },
  });
});

afterAll(async () => {
  await gh?.close();
});

describe("@octokit/rest with throttling and retry against the local GitHub", () => {
  it("pages through every issue by following Link headers", async () => {
    const issues = await client().paginate(client().rest.issues.listForRepo, {
      owner: "acme",
      repo: "paging",
      state: "all",
      per_page: 30,
    });
    expect(issues).toHaveLength(65);
    expect(new Set(issues.map((issue) => issue.number)).size).toBe(65);
  });

  it("filters by label through the typed endpoint method", async () => {
    const { data } = await client().rest.issues.listForRepo({
      owner: "acme",
      repo: "paging",
      labels: "odd",
      per_page: 100,
    });
    expect(data).toHaveLength(33);
    expect(
      data.every((issue) => issue.labels.some((l) => typeof l !== "string" && l.name === "odd")),
    ).toBe(true);
  });

  it("retries after an injected 502 and then succeeds", async () => {
    gh.setFaults([
      { route: "GET /repos/{owner}/{repo}/issues/{issue_number}", status: 502, times: 1 },
    ]);
    const before = gh.stats();
    const { data } = await client().rest.issues.get({
      owner: "acme",
      repo: "paging",
      issue_number: 1,
    });
    expect(data.title).toBe("issue 1");
    const after = gh.stats();
    expect(after.faultsInjected - before.faultsInjected).toBe(1);
    const key = "GET /repos/{owner}/{repo}/issues/{issue_number}";
    expect((after.requests[key] ?? 0) - (before.requests[key] ?? 0)).toBe(2);
  });

  it.each([[403], [429]] as const)(
    "waits out a secondary limit answered %i as retry-after says, then the write goes through",
    async (status) => {
      gh.setLimits({ secondary: { perMinute: 1, perHour: 0, retryAfterSeconds: 1, status } });
      const octokit = client();
      const before = gh.stats().limitHits.secondary;
      await octokit.rest.issues.create({ owner: "acme", repo: "triage", title: "first" });
      await octokit.rest.issues.create({ owner: "acme", repo: "triage", title: "second" });
      expect(limitEvents).toContain("secondary:1");
      expect(gh.stats().limitHits.secondary).toBeGreaterThan(before);
      const { data } = await octokit.rest.issues.listForRepo({
        owner: "acme",
        repo: "triage",
        state: "all",
        per_page: 100,
      });
      // Each run adds one "first" and one "second": a refused write is never done twice.
      const runs = status === 403 ? 1 : 2;
      expect(data.filter((issue) => issue.title === "second")).toHaveLength(runs);
      expect(data.filter((issue) => issue.title === "first")).toHaveLength(runs);
    },
  );

  it("waits for the primary window to reset when x-ratelimit-remaining reaches 0", async () => {
    gh.setLimits({ primary: { limit: 2, windowSeconds: 1 } });
    const octokit = client();
    for (let i = 1; i <= 3; i++) {
      const { data } = await octokit.rest.repos.get({ owner: "acme", repo: "paging" });
      expect(data.full_name).toBe("acme/paging");
    }
    expect(limitEvents.some((event) => event.startsWith("primary:"))).toBe(true);
  });

  it("gives up with the RequestError GitHub would cause when faults persist", async () => {
    gh.setFaults([{ route: "GET /repos/{owner}/{repo}", status: 503 }]);
    const octokit = new ThrottledOctokit({
      baseUrl: gh.apiUrl,
      auth: gh.token,
      log: quietLog,
      retry: { retries: 1 },
      throttle: { onRateLimit: () => false, onSecondaryRateLimit: () => false },
    });
    await expect(octokit.rest.repos.get({ owner: "acme", repo: "paging" })).rejects.toMatchObject({
      status: 503,
    });
  });
});
