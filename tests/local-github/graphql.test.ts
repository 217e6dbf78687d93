import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { quietLog, startTestGitHub } from "./helpers.js";

// GitHub's GraphQL endpoint as the local GitHub serves it: deleteIssue, which
// the REST API lacks, with GitHub's answers for bad input. Octokit's own
// graphql client finds it from the REST base URL, as it does on GHES.
let gh: LocalGitHub;
let rest: Octokit;
const repo = { owner: "acme", repo: "triage" };
const DELETE = `mutation($id: ID!) { deleteIssue(input: {issueId: $id, clientMutationId: "c1"}) { clientMutationId repository { nameWithOwner } } }`;

beforeAll(async () => {
  gh = await startTestGitHub();
  rest = new Octokit({ auth: gh.token, baseUrl: gh.apiUrl, log: quietLog });
});
afterAll(async () => {
  await gh?.close();
});

const post = (body: unknown, token: string | null = gh.token) =>
  fetch(`${gh.serverUrl}/api/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `bearer ${token}` } : {}),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

async function newIssue(title: string) {
  const { data } = await rest.issues.create({ ...repo, title, body: "b" });
  await rest.issues.createComment({ ...repo, issue_number: data.number, body: "c" });
  return data;
}

describe("GraphQL deleteIssue", () => {
  it("deletes an issue for good: 410 afterwards, gone from lists, its number never reused", async () => {
    const issue = await newIssue("to delete");
    const result = await rest.graphql<{ deleteIssue: unknown }>(DELETE, { id: issue.node_id });
    expect(result.deleteIssue).toEqual({
      clientMutationId: "c1",
      repository: { nameWithOwner: "acme/triage" },
    });
    await expect(rest.issues.get({ ...repo, issue_number: issue.number })).rejects.toMatchObject({
      status: 410,
      message: expect.stringContaining("This issue was deleted"),
    });
    const { data: all } = await rest.issues.listForRepo({ ...repo, state: "all" });
    expect(all.map((i) => i.number)).not.toContain(issue.number);
    const next = await newIssue("after");
    expect(next.number).toBeGreaterThan(issue.number);
  });

  it.each([
    [
      "an unknown node id",
      { query: DELETE, variables: { id: "I_nope" } },
      "NOT_FOUND",
      "Could not resolve to a node with the global id of 'I_nope'",
    ],
    [
      "a missing variable",
      { query: DELETE },
      undefined,
      'Variable "$id" of required type "ID!" was not provided.',
    ],
    [
      "a field GitHub's schema does not have here",
      { query: "mutation { closeAll { x } }" },
      undefined,
      'Cannot query field "closeAll" on type "Mutation".',
    ],
    ["a syntax error", { query: "mutation {" }, undefined, "Syntax Error"],
    [
      "no query",
      { variables: {} },
      undefined,
      "A query attribute must be specified and must be a string.",
    ],
  ])("answers %s with 200 and GitHub's errors shape", async (_name, body, type, message) => {
    const res = await post(body);
    expect(res.status).toBe(200);
    const json = (await res.json()) as { errors: { type?: string; message: string }[] };
    expect(json.errors[0]?.message).toContain(message);
    if (type) expect(json.errors[0]?.type).toBe(type);
  });

  it.each([
    ["no credentials", null, 401, "This endpoint requires you to be authenticated."],
    ["bad credentials", "not-a-token", 401, "Bad credentials"],
  ])("refuses %s with HTTP 401", async (_name, token, status, message) => {
    const res = await post({ query: DELETE, variables: { id: "I_x" } }, token);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { message: string }).message).toBe(message);
  });

  it("answers a body that is not JSON as the REST API does", async () => {
    const res = await post("{not json");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe("Problems parsing JSON");
  });
});
