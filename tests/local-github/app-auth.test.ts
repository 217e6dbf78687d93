import { createSign } from "node:crypto";
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { readAppCredentials } from "../../local-github/index.js";
import { apiClient, startTestGitHub, tempDir } from "./helpers.js";

let gh: LocalGitHub;
let clock = Date.now();

/** Signs a JWT by hand, so the claims can be wrong on purpose. */
function signJwt(claims: Record<string, unknown>, privateKey: string, alg = "RS256"): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const data = `${part({ alg, typ: "JWT" })}.${part(claims)}`;
  const signature = createSign("RSA-SHA256").update(data).sign(privateKey).toString("base64url");
  return `${data}.${signature}`;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  gh = await startTestGitHub({ dataDir: await tempDir(), now: () => clock });
});

afterAll(async () => {
  await gh?.close();
});

describe("GitHub App authentication", () => {
  it("writes the generated App into the data dir for the ingest to read", () => {
    const credentials = readAppCredentials(gh.dataDir);
    expect(credentials.appId).toBe(gh.app.appId);
    expect(credentials.privateKey).toBe(gh.app.privateKey);
    expect(credentials.webhookSecret).toBe(gh.app.webhookSecret);
    expect(credentials.installationId).toBe(gh.app.installationId);
  });

  it("turns an App JWT into an installation token that Octokit uses for REST calls", async () => {
    const octokit = new Octokit({
      baseUrl: gh.apiUrl,
      authStrategy: createAppAuth,
      auth: {
        appId: gh.app.appId,
        privateKey: gh.app.privateKey,
        installationId: gh.app.installationId,
      },
    });
    const { data: issue } = await octokit.rest.issues.create({
      owner: "acme",
      repo: "triage",
      title: "via App",
    });
    expect(issue.user?.login).toBe(`${gh.app.slug}[bot]`);
    expect(issue.user?.type).toBe("Bot");
  });

  it("finds the installation of a repository with the App JWT (as Probot does)", async () => {
    const auth = createAppAuth({ appId: gh.app.appId, privateKey: gh.app.privateKey });
    const { token } = await auth({ type: "app" });
    const answer = await apiClient(gh, null)(
      "GET",
      "/repos/acme/triage/installation",
      undefined,
      bearer(token),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: gh.app.installationId, app_id: gh.app.appId });
  });

  it("expires installation tokens after an hour with GitHub's 401", async () => {
    const auth = createAppAuth({ appId: gh.app.appId, privateKey: gh.app.privateKey });
    const { token: jwt } = await auth({ type: "app" });
    const created = await apiClient(gh, null)(
      "POST",
      `/app/installations/${gh.app.installationId}/access_tokens`,
      undefined,
      bearer(jwt),
    );
    const { token, expires_at } = created.body as { token: string; expires_at: string };
    expect(token).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
    expect(Date.parse(expires_at) - clock).toBeGreaterThan(59 * 60 * 1000);
    const call = apiClient(gh, token);
    expect((await call("GET", "/repos/acme/triage")).status).toBe(200);
    clock += 61 * 60 * 1000;
    try {
      const expired = await call("GET", "/repos/acme/triage");
      expect(expired.status).toBe(401);
      expect(expired.body).toMatchObject({ message: "Bad credentials" });
    } finally {
      clock = Date.now();
    }
  });

  const seconds = () => Math.floor(clock / 1000);
  it.each([
    [
      "an expired JWT",
      () =>
        signJwt(
          { iat: seconds() - 700, exp: seconds() - 60, iss: gh.app.appId },
          gh.app.privateKey,
        ),
      /Expiration time/,
    ],
    [
      "a JWT living longer than 10 minutes",
      () =>
        signJwt(
          { iat: seconds() - 30, exp: seconds() + 3600, iss: gh.app.appId },
          gh.app.privateKey,
        ),
      /too far in the future/,
    ],
    [
      "a JWT for another App",
      () => signJwt({ iat: seconds() - 30, exp: seconds() + 500, iss: 1 }, gh.app.privateKey),
      /Issuer/,
    ],
    [
      "a JWT signed by another key",
      () => {
        const [header, payload] = signJwt(
          { iat: seconds() - 30, exp: seconds() + 500, iss: gh.app.appId },
          gh.app.privateKey,
        ).split(".");
        return `${header}.${payload}.${Buffer.from("forged").toString("base64url")}`;
      },
      /could not be decoded/,
    ],
    [
      "a JWT with alg none",
      () =>
        signJwt(
          { iat: seconds() - 30, exp: seconds() + 500, iss: gh.app.appId },
          gh.app.privateKey,
          "none",
        ),
      /could not be decoded/,
    ],
  ])("refuses %s with 401", async (_name, makeToken, message) => {
    const answer = await apiClient(gh, null)("GET", "/app", undefined, bearer(makeToken()));
    expect(answer.status).toBe(401);
    expect((answer.body as { message: string }).message).toMatch(message);
    expect(answer.body).toHaveProperty("documentation_url");
  });

  it("refuses App endpoints to a personal token and repository endpoints to an App JWT", async () => {
    const auth = createAppAuth({ appId: gh.app.appId, privateKey: gh.app.privateKey });
    const { token: jwt } = await auth({ type: "app" });
    expect((await apiClient(gh)("GET", "/app")).status).toBe(401);
    const answer = await apiClient(gh, null)(
      "GET",
      "/repos/acme/triage/issues",
      undefined,
      bearer(jwt),
    );
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ message: "Resource not accessible by integration" });
  });

  it("refuses an unknown installation id with 404", async () => {
    const auth = createAppAuth({ appId: gh.app.appId, privateKey: gh.app.privateKey });
    const { token: jwt } = await auth({ type: "app" });
    const answer = await apiClient(gh, null)(
      "POST",
      "/app/installations/1/access_tokens",
      undefined,
      bearer(jwt),
    );
    expect(answer.status).toBe(404);
  });
});
