// The App's installation as GitHub keeps it: it can be suspended, and it has
// the permissions its owner accepted; a token gets only what it allows.
import { join } from "node:path";
import { createAppAuth } from "@octokit/auth-app";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub, LocalGitHubOptions } from "../../local-github/index.js";
import { LocalGitHubError, startLocalGitHub } from "../../local-github/index.js";
import { git, remoteUrl } from "./git-helpers.js";
import { apiClient, startTestGitHub, tempDir } from "./helpers.js";

let gh: LocalGitHub;

beforeAll(async () => {
  gh = await startTestGitHub({ privateRepos: ["acme/private"] });
});

afterEach(() =>
  gh.setInstallation({ suspended: false, permissions: ALL_WRITE, tokenGrant: "current" }),
);

afterAll(async () => {
  await gh?.close();
});

const ALL_WRITE = { issues: "write", pull_requests: "write", contents: "write" } as const;
const SUSPENDED = "This installation has been suspended";
const NOT_ACCESSIBLE = "Resource not accessible by integration";

async function appJwt(): Promise<string> {
  const auth = createAppAuth({ appId: gh.app.appId, privateKey: gh.app.privateKey });
  return (await auth({ type: "app" })).token;
}

async function asApp(method: string, path: string) {
  return apiClient(gh, null)(method, path, undefined, {
    authorization: `Bearer ${await appJwt()}`,
  });
}

async function installationToken(): Promise<string> {
  const created = await asApp("POST", `/app/installations/${gh.app.installationId}/access_tokens`);
  expect(created.status).toBe(201);
  return (created.body as { token: string }).token;
}

describe("a suspended installation", () => {
  it("shows suspended_at, and gets no token: 403 This installation has been suspended", async () => {
    gh.setInstallation({ suspended: true });
    const installation = await asApp("GET", "/repos/acme/triage/installation");
    expect(installation.body).toMatchObject({
      id: gh.app.installationId,
      suspended_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      suspended_by: { login: "crashfix-local-user" },
    });
    const token = await asApp("POST", `/app/installations/${gh.app.installationId}/access_tokens`);
    expect(token.status).toBe(403);
    expect(token.body).toMatchObject({ message: SUSPENDED, status: "403" });
  });

  it("refuses the tokens it had before, and takes them again once unsuspended", async () => {
    const call = apiClient(gh, await installationToken());
    gh.setInstallation({ suspended: true });
    const refused = await call("POST", "/repos/acme/triage/issues", { title: "while suspended" });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ message: SUSPENDED });
    gh.setInstallation({ suspended: false });
    expect((await call("GET", "/repos/acme/triage")).status).toBe(200);
    const installation = await asApp("GET", "/repos/acme/triage/installation");
    expect(installation.body).toMatchObject({ suspended_at: null, suspended_by: null });
  });

  it("is suspended and unsuspended by GitHub's own endpoints, with the App's JWT", async () => {
    const path = `/app/installations/${gh.app.installationId}/suspended`;
    expect((await asApp("PUT", path)).status).toBe(204);
    expect((await asApp("GET", "/app/installations")).body).toEqual([
      expect.objectContaining({ suspended_at: expect.any(String) }),
    ]);
    expect((await asApp("DELETE", path)).status).toBe(204);
    expect(await installationToken()).toMatch(/^ghs_/);
  });
});

describe("an installation's permissions", () => {
  it("are all write unless set, with metadata read, on the installation and on its tokens", async () => {
    const granted = { ...ALL_WRITE, metadata: "read" };
    expect((await asApp("GET", "/repos/acme/triage/installation")).body).toMatchObject({
      permissions: granted,
    });
    const created = await asApp(
      "POST",
      `/app/installations/${gh.app.installationId}/access_tokens`,
    );
    expect(created.body).toMatchObject({ permissions: granted });
  });

  it("with Issues read, let a token read issues and refuse it a new one: 403 Resource not accessible by integration", async () => {
    gh.setInstallation({ permissions: { issues: "read" } });
    expect((await asApp("GET", "/repos/acme/triage/installation")).body).toMatchObject({
      permissions: { issues: "read", pull_requests: "write", contents: "write", metadata: "read" },
    });
    const call = apiClient(gh, await installationToken());
    expect((await call("GET", "/repos/acme/triage/issues")).status).toBe(200);
    const refused = await call("POST", "/repos/acme/triage/issues", { title: "read only" });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ message: NOT_ACCESSIBLE, status: "403" });
  });

  it("with Issues none, leave issues out of the grant and refuse even reading them, but not the repository", async () => {
    gh.setInstallation({ permissions: { issues: "none" } });
    const installation = await asApp("GET", "/repos/acme/triage/installation");
    expect((installation.body as { permissions: object }).permissions).not.toHaveProperty("issues");
    const call = apiClient(gh, await installationToken());
    expect((await call("GET", "/repos/acme/triage/issues")).body).toMatchObject({
      message: NOT_ACCESSIBLE,
    });
    expect((await call("GET", "/repos/acme/triage")).status).toBe(200);
  });

  it("take effect on tokens already issued, both ways", async () => {
    const call = apiClient(gh, await installationToken());
    gh.setInstallation({ permissions: { issues: "read" } });
    expect((await call("POST", "/repos/acme/triage/labels", { name: "a" })).status).toBe(201);
    gh.setInstallation({ permissions: { pull_requests: "read" } });
    expect((await call("POST", "/repos/acme/triage/labels", { name: "b" })).status).toBe(403);
    gh.setInstallation({ permissions: { issues: "write" } });
    expect((await call("POST", "/repos/acme/triage/labels", { name: "b" })).status).toBe(201);
  });

  it("with Contents read, let a token clone a private repository but not push to it", async () => {
    gh.setInstallation({ permissions: { contents: "read" } });
    const token = await installationToken();
    const parent = await tempDir("crashfix-lg-work-");
    await git(parent, ["clone", "--quiet", remoteUrl(gh, "acme/private", token), "work"]);
    const dir = join(parent, "work");
    await git(dir, ["commit", "--quiet", "--allow-empty", "-m", "refused"]);
    await expect(git(dir, ["push", "--quiet", "origin", "HEAD:main"])).rejects.toThrow(
      /403|denied/,
    );
    const refs = await apiClient(gh, token)("POST", "/repos/acme/private/git/refs", {
      ref: "refs/heads/x",
      sha: "0".repeat(40),
    });
    expect(refs.body).toMatchObject({ message: NOT_ACCESSIBLE });
  });
});

describe("tokens held to the grant they were issued with (tokenGrant: as-issued)", () => {
  it("a token issued with Issues read stays read after the installation gets write; a new token writes", async () => {
    gh.setInstallation({ tokenGrant: "as-issued", permissions: { issues: "read" } });
    const oldToken = apiClient(gh, await installationToken());
    gh.setInstallation({ permissions: { issues: "write" } });
    const refused = await oldToken("POST", "/repos/acme/triage/issues", { title: "old token" });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ message: NOT_ACCESSIBLE });
    expect((await oldToken("GET", "/repos/acme/triage/issues")).status).toBe(200);
    const newToken = apiClient(gh, await installationToken());
    expect((await newToken("POST", "/repos/acme/triage/issues", { title: "new" })).status).toBe(
      201,
    );
  });

  it("a token issued before a suspension stays refused after the unsuspension; a new token works", async () => {
    gh.setInstallation({ tokenGrant: "as-issued" });
    const oldToken = apiClient(gh, await installationToken());
    gh.setInstallation({ suspended: true });
    gh.setInstallation({ suspended: false });
    const refused = await oldToken("GET", "/repos/acme/triage");
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ message: SUSPENDED });
    const newToken = apiClient(gh, await installationToken());
    expect((await newToken("GET", "/repos/acme/triage")).status).toBe(200);
  });

  it("a loss applies at once: a token issued with Issues write is refused once the installation has read", async () => {
    gh.setInstallation({ tokenGrant: "as-issued" });
    const call = apiClient(gh, await installationToken());
    gh.setInstallation({ permissions: { issues: "read" } });
    expect((await call("POST", "/repos/acme/triage/labels", { name: "c" })).status).toBe(201);
    expect((await call("POST", "/repos/acme/triage/issues", { title: "x" })).body).toMatchObject({
      message: NOT_ACCESSIBLE,
    });
  });
});

describe("the installation's controls refuse bad input, naming it", () => {
  it.each([
    [
      "an unknown permission level",
      { permissions: { issues: "admin" } },
      /installation\.permissions\.issues[\s\S]*a permission is "read", "write" or "none", not "admin"/,
    ],
    [
      "a permission crashfix does not use",
      { permissions: { administration: "write" } },
      /installation\.permissions[\s\S]*administration/,
    ],
    ["suspended as a string", { suspended: "yes" }, /installation\.suspended/],
    [
      "an unknown token grant",
      { tokenGrant: "forever" },
      /installation\.tokenGrant[\s\S]*a token grant is "current" or "as-issued", not "forever"/,
    ],
  ])("startLocalGitHub refuses %s with INVALID_OPTIONS", async (_case, installation, message) => {
    const options = { dataDir: await tempDir(), installation } as unknown as LocalGitHubOptions;
    const attempt = startLocalGitHub(options);
    await expect(attempt).rejects.toThrow(LocalGitHubError);
    await expect(attempt).rejects.toMatchObject({ code: "INVALID_OPTIONS", message });
  });

  it("setInstallation refuses an unknown permission level and changes nothing", async () => {
    expect(() =>
      gh.setInstallation({ permissions: { issues: "admin" } } as unknown as Parameters<
        LocalGitHub["setInstallation"]
      >[0]),
    ).toThrow(/setInstallation:[\s\S]*not "admin"/);
    expect((await asApp("GET", "/repos/acme/triage/installation")).body).toMatchObject({
      permissions: { issues: "write" },
    });
  });

  it("PUT /_local/installations/{id} sets the installation, and answers what it is now", async () => {
    const local = apiClient(gh);
    const path = `/_local/installations/${gh.app.installationId}`;
    const set = await local("PUT", path, {
      suspended: true,
      permissions: { issues: "read" },
      tokenGrant: "as-issued",
    });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({
      id: gh.app.installationId,
      suspended_at: expect.any(String),
      permissions: { issues: "read", pull_requests: "write", contents: "write" },
      token_grant: "as-issued",
    });
    expect((await local("GET", path)).body).toEqual(set.body);
  });

  it.each([
    [
      "an unknown permission level",
      { permissions: { issues: "admin" } },
      'a permission is "read", "write" or "none", not "admin"',
      "permissions.issues",
    ],
    [
      "an unknown permission",
      { permissions: { administration: "write" } },
      expect.stringContaining("administration"),
      "permissions",
    ],
  ])(
    "PUT /_local/installations/{id} answers %s with 422 naming the field",
    async (_case, body, message, field) => {
      const answer = await apiClient(gh)(
        "PUT",
        `/_local/installations/${gh.app.installationId}`,
        body,
      );
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({
        message: "Validation Failed",
        errors: [{ resource: "Installation", field, message }],
      });
    },
  );

  it.each([
    ["GET", `/_local/installations/1`],
    ["PUT", `/_local/installations/1`],
  ])(
    "%s %s answers an unknown installation with 404 naming the one there is",
    async (method, path) => {
      const answer = await apiClient(gh)(
        method,
        path,
        method === "PUT" ? { suspended: true } : undefined,
      );
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({
        message: `No installation 1 here: the local App has one installation, ${gh.app.installationId}`,
      });
    },
  );

  it.each([
    ["PUT", "/app/installations/1/suspended"],
    ["DELETE", "/app/installations/1/suspended"],
    ["POST", "/app/installations/1/access_tokens"],
  ])("%s %s answers an unknown installation with GitHub's 404", async (method, path) => {
    expect((await asApp(method, path)).body).toMatchObject({ message: "Not Found" });
  });

  it("refuses the suspend endpoint to an installation token, as GitHub wants the App's JWT", async () => {
    const answer = await apiClient(gh, await installationToken())(
      "PUT",
      `/app/installations/${gh.app.installationId}/suspended`,
    );
    expect(answer.status).toBe(401);
  });
});
