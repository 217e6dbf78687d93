import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { describe, expect, it } from "vitest";
import { startLocalGitHub } from "../../local-github/index.js";
import { apiClient, tempDir } from "./helpers.js";

describe("the store under a data dir", () => {
  it("keeps repositories, issues, labels, comments, the App and installation tokens across a restart", async () => {
    const dataDir = await tempDir();
    const first = await startLocalGitHub({ dataDir, repos: ["acme/triage"] });
    const call = apiClient(first);
    await call("POST", "/repos/acme/triage/issues", {
      title: "kept",
      labels: ["fp:aaaa", "crash:new"],
    });
    await call("POST", "/repos/acme/triage/issues/1/comments", { body: "counters" });
    await call("PATCH", "/repos/acme/triage/issues/1", { state: "closed" });
    const { appId, privateKey } = first.app;
    const firstToken = first.token;
    const { token: installationToken } = await createAppAuth({
      appId,
      privateKey,
      installationId: first.app.installationId,
      request: new Octokit({ baseUrl: first.apiUrl }).request,
    })({ type: "installation" });
    await first.close();

    const second = await startLocalGitHub({ dataDir });
    try {
      expect(second.app.appId).toBe(appId);
      expect(second.app.privateKey).toBe(privateKey);
      expect(second.token).toBe(firstToken);
      const again = apiClient(second);
      const issue = await again("GET", "/repos/acme/triage/issues/1");
      expect(issue.body).toMatchObject({
        title: "kept",
        state: "closed",
        state_reason: "completed",
        comments: 1,
        labels: [{ name: "crash:new" }, { name: "fp:aaaa" }],
      });
      const comments = await again("GET", "/repos/acme/triage/issues/1/comments");
      expect(comments.body).toMatchObject([{ body: "counters" }]);
      expect((await apiClient(second, installationToken)("GET", "/repos/acme/triage")).status).toBe(
        200,
      );
      const next = await again("POST", "/repos/acme/triage/issues", { title: "numbering goes on" });
      expect(next.body).toMatchObject({ number: 2 });
    } finally {
      await second.close();
    }
  });

  it("uses a configured personal token instead of the generated one", async () => {
    const gh = await startLocalGitHub({ dataDir: await tempDir(), token: "local-secret-token" });
    try {
      expect(gh.token).toBe("local-secret-token");
      expect((await apiClient(gh, "local-secret-token")("GET", "/user")).status).toBe(200);
    } finally {
      await gh.close();
    }
  });
});
