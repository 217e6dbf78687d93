import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { startLocalGitHub } from "../../local-github/index.js";
import { apiClient, startTestGitHub } from "./helpers.js";

let gh: LocalGitHub;
beforeAll(async () => {
  gh = await startTestGitHub();
});
afterAll(async () => {
  await gh?.close();
});

describe("concurrent writes", () => {
  it("lets exactly one of 50 parallel creates of one label win; the rest get 422 already_exists", async () => {
    const call = apiClient(gh);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        call("POST", "/repos/acme/triage/labels", { name: "fp:0011223344556677" }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const losers = answers.filter((a) => a.status !== 201);
    expect(losers).toHaveLength(49);
    for (const loser of losers) {
      expect(loser.status).toBe(422);
      expect(loser.body).toMatchObject({
        errors: [{ code: "already_exists", resource: "Label", field: "name" }],
      });
    }
    const labels = await call("GET", "/repos/acme/triage/labels");
    expect((labels.body as unknown[]).length).toBe(1);
  });

  it("treats label names case-insensitively, as GitHub does", async () => {
    const call = apiClient(gh);
    expect((await call("POST", "/repos/acme/triage/labels", { name: "Crash:New" })).status).toBe(
      201,
    );
    expect((await call("POST", "/repos/acme/triage/labels", { name: "crash:new" })).status).toBe(
      422,
    );
  });

  it("gives 50 parallel issue creates 50 distinct numbers", async () => {
    const call = apiClient(gh);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call("POST", "/repos/acme/triage/issues", { title: `parallel ${i}` }),
      ),
    );
    const numbers = answers.map((a) => (a.body as { number: number }).number);
    expect(answers.every((a) => a.status === 201)).toBe(true);
    expect(new Set(numbers).size).toBe(50);
  });

  it("keeps one winner when two servers share one data dir", async () => {
    const twin = await startLocalGitHub({ dataDir: gh.dataDir });
    try {
      const calls = [apiClient(gh), apiClient(twin)];
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (calls[i % 2] as ReturnType<typeof apiClient>)("POST", "/repos/acme/triage/labels", {
            name: "fp:twin",
          }),
        ),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 422)).toHaveLength(39);
    } finally {
      await twin.close();
    }
  });

  it("never serves a cached list that another server on the same data dir has changed", async () => {
    const twin = await startLocalGitHub({ dataDir: gh.dataDir });
    try {
      const here = apiClient(gh);
      const path = "/repos/acme/triage/issues?labels=fp:shared&state=all";
      expect((await here("GET", path)).body).toEqual([]);
      expect((await here("GET", path)).body).toEqual([]);
      await apiClient(twin)("POST", "/repos/acme/triage/issues", {
        title: "elsewhere",
        labels: ["fp:shared"],
      });
      expect((await here("GET", path)).body).toMatchObject([{ title: "elsewhere" }]);
    } finally {
      await twin.close();
    }
  });
});
