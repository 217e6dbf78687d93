import { createAppAuth } from "@octokit/auth-app";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { steps } from "./conformance-steps.js";
import { pushBranches } from "./git-helpers.js";
import type { ApiAnswer } from "./helpers.js";
import { apiClient, startTestGitHub } from "./helpers.js";
import { loadGitHubOpenApi } from "./openapi-validator.js";

// Every response shape crashfix reads, checked against GitHub's published
// OpenAPI description: the operation is picked by path template and method.

let gh: LocalGitHub;
let check: ReturnType<typeof loadGitHubOpenApi>["check"];
let call: ReturnType<typeof apiClient>;
let installationToken: string;
let appJwt: string;
const answers = new Map<string, ApiAnswer>();

beforeAll(async () => {
  check = loadGitHubOpenApi().check;
  gh = await startTestGitHub();
  const { shas } = await pushBranches(gh, "acme/triage", ["crashfix/fix-1"]);
  const auth = createAppAuth({ appId: gh.app.appId, privateKey: gh.app.privateKey });
  appJwt = (await auth({ type: "app" })).token;
  const tokenResponse = await apiClient(gh, null)(
    "POST",
    `/app/installations/${gh.app.installationId}/access_tokens`,
    undefined,
    { authorization: `Bearer ${appJwt}` },
  );
  answers.set("create an installation token", tokenResponse);
  installationToken = (tokenResponse.body as { token: string }).token;
  call = apiClient(gh, installationToken);
  for (const step of steps) {
    const body =
      step.body === "claim" ? { ref: "refs/heads/crashfix/claim-1", sha: shas.main } : step.body;
    const answer = step.jwt
      ? await apiClient(gh, null)(step.method, step.path, body, {
          authorization: `Bearer ${appJwt}`,
        })
      : await call(step.method, step.path, body);
    answers.set(step.name, answer);
  }
}, 120_000);

afterAll(async () => {
  await gh?.close();
});

describe("responses conform to GitHub's OpenAPI description", () => {
  it("creates an installation token in the documented shape", () => {
    const answer = answers.get("create an installation token") as ApiAnswer;
    expect(answer.status).toBe(201);
    expect(
      check("POST", "/app/installations/{installation_id}/access_tokens", 201, answer.body),
    ).toEqual([]);
  });

  it.each(steps)("$name: $method $template answers $status in the documented shape", (step) => {
    const answer = answers.get(step.name) as ApiAnswer;
    expect(answer.status, answer.text.slice(0, 300)).toBe(step.status);
    expect(check(step.method, step.template, step.status, answer.body)).toEqual([]);
  });

  it("has a validator that rejects an issue missing required fields (so the checks above bite)", () => {
    const issue = answers.get("get an issue")?.body as Record<string, unknown>;
    const { user: _user, ...withoutUser } = issue;
    expect(
      check("GET", "/repos/{owner}/{repo}/issues/{issue_number}", 200, withoutUser),
    ).not.toEqual([]);
    expect(
      check("GET", "/repos/{owner}/{repo}/issues/{issue_number}", 200, {
        ...issue,
        state_reason: "bogus",
      }),
    ).not.toEqual([]);
  });

  it("answers a duplicate label with already_exists in GitHub's errors array", () => {
    const body = answers.get("refuse a duplicate label")?.body;
    expect(body).toMatchObject({
      message: "Validation Failed",
      errors: [{ resource: "Label", code: "already_exists", field: "name" }],
    });
  });
});
