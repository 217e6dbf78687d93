import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { apiClient, startTestGitHub } from "./helpers.js";

let gh: LocalGitHub;
let call: ReturnType<typeof apiClient>;

beforeAll(async () => {
  gh = await startTestGitHub({
    limits: { maxBodyBytes: 100 * 1024, secondary: { perMinute: 0, perHour: 0 } },
  });
  call = apiClient(gh);
  await call("POST", "/repos/acme/triage/issues", { title: "exists" });
});
afterAll(async () => {
  await gh?.close();
});

const R = "/repos/acme/triage";
const long = (n: number) => "x".repeat(n);

describe("bad input gets GitHub's answers", () => {
  it.each([
    ["an unknown route", "GET", "/no/such/route", undefined, 404],
    ["an unknown repository", "GET", "/repos/acme/nope/issues", undefined, 404],
    ["an unknown method on a known path", "DELETE", `${R}/issues`, undefined, 404],
    ["a non-numeric issue number", "GET", `${R}/issues/abc`, undefined, 404],
    ["a missing issue", "GET", `${R}/issues/4040`, undefined, 404],
    ["a missing label", "GET", `${R}/labels/nope`, undefined, 404],
    ["a missing comment", "PATCH", `${R}/issues/comments/77`, { body: "x" }, 404],
    [
      "removing a label the issue does not carry",
      "DELETE",
      `${R}/issues/1/labels/nope`,
      undefined,
      404,
    ],
    ["a missing pull request", "GET", `${R}/pulls/1`, undefined, 404],
    ["a missing ref", "GET", `${R}/git/ref/heads/none`, undefined, 404],
  ])("answers %s with 404", async (_name, method, path, body, status) => {
    const answer = await call(method, path, body);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({
      message: expect.any(String),
      documentation_url: expect.any(String),
    });
  });

  it.each([
    ["broken JSON", "{not json"],
    ["a truncated object", '{"title": "x"'],
  ])("answers %s with 400 Problems parsing JSON", async (_name, text) => {
    const answer = await call("POST", `${R}/issues`, text);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ message: "Problems parsing JSON" });
  });

  it("answers a JSON body that is not an object with 400", async () => {
    expect((await call("POST", `${R}/issues`, "42")).status).toBe(400);
  });

  it.each([
    ["an issue without a title", `${R}/issues`, { body: "b" }, "Issue", "title", "missing_field"],
    ["an issue with a blank title", `${R}/issues`, { title: "   " }, "Issue", "title", "invalid"],
    [
      "an issue body over 65536 characters",
      `${R}/issues`,
      { title: "t", body: long(65_537) },
      "Issue",
      "body",
      "invalid",
    ],
    [
      "a label name over 50 characters",
      `${R}/labels`,
      { name: long(51) },
      "Label",
      "name",
      "invalid",
    ],
    [
      "a label colour that is not hex",
      `${R}/labels`,
      { name: "ok", color: "red" },
      "Label",
      "color",
      "invalid",
    ],
    [
      "a label without a name",
      `${R}/labels`,
      { color: "ffffff" },
      "Label",
      "name",
      "missing_field",
    ],
    [
      "issue labels that are not strings",
      `${R}/issues/1/labels`,
      { labels: [1] },
      "Label",
      "labels.0",
      "invalid",
    ],
    ["an empty comment", `${R}/issues/1/comments`, { body: "" }, "IssueComment", "body", "invalid"],
    [
      "a ref with a bad sha",
      `${R}/git/refs`,
      { ref: "refs/heads/x", sha: "zz" },
      "Reference",
      "sha",
      "invalid",
    ],
    [
      "a pull request from a branch that does not exist",
      `${R}/pulls`,
      { title: "t", head: "nope", base: "main" },
      "PullRequest",
      "head",
      "invalid",
    ],
  ])(
    "answers %s with 422 and GitHub's errors array",
    async (_name, path, body, resource, field, code) => {
      const answer = await call("POST", path, body);
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({
        message: "Validation Failed",
        errors: [expect.objectContaining({ resource, field, code })],
      });
    },
  );

  it.each([
    ["state", "state=opened"],
    ["sort", "sort=size"],
    ["direction", "direction=up"],
    ["since", "since=yesterday"],
    ["per_page", "per_page=ten"],
  ])("answers an invalid %s parameter with 422", async (_name, query) => {
    expect((await call("GET", `${R}/issues?${query}`)).status).toBe(422);
  });

  it("refuses a body over the size limit with 413", async () => {
    const answer = await call("POST", `${R}/issues`, { title: "t", body: long(120 * 1024) });
    expect(answer.status).toBe(413);
  });

  it("refuses a chunked body that grows over the limit with 413", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${gh.apiUrl}${R}/issues`, {
        method: "POST",
        headers: { authorization: `token ${gh.token}`, "transfer-encoding": "chunked" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write(`{"title":"t","body":"${long(60 * 1024)}`);
      req.end(`${long(60 * 1024)}"}`);
    });
    expect(status).toBe(413);
  });

  it.each([
    ["a wrong token", { authorization: "token not-the-token" }],
    ["an unknown scheme", { authorization: "Digest abc" }],
    ["a malformed JWT", { authorization: "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln" }],
  ])("answers %s with 401 Bad credentials or a JWT error", async (_name, headers) => {
    const answer = await apiClient(gh, null)("GET", `${R}/issues`, undefined, headers);
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({
      message: expect.any(String),
      documentation_url: expect.any(String),
    });
  });

  it("answers a write without credentials with 401 Requires authentication", async () => {
    const answer = await apiClient(gh, null)("POST", `${R}/issues`, { title: "anonymous" });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ message: "Requires authentication" });
  });

  it("hides a private repository from anonymous readers with 404", async () => {
    await gh.createRepo("acme/secret", { private: true });
    expect((await apiClient(gh, null)("GET", "/repos/acme/secret")).status).toBe(404);
    expect((await call("GET", "/repos/acme/secret")).status).toBe(200);
  });

  it("refuses the admin endpoints to anyone but the personal token", async () => {
    expect((await apiClient(gh, null)("GET", "/_local/stats")).status).toBe(401);
    expect((await call("PUT", "/_local/faults", { faults: [{ rate: 2 }] })).status).toBe(422);
  });

  it("takes a client that leaves mid-body as a normal end: no error line, nothing written", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const before = (await call("GET", `${R}/issues?state=all`)).body as unknown[];
      await new Promise<void>((resolve) => {
        const req = request(`${gh.apiUrl}${R}/issues`, {
          method: "POST",
          headers: {
            authorization: `token ${gh.token}`,
            "content-type": "application/json",
            "content-length": "1000",
          },
        });
        req.on("error", () => resolve());
        // Part of the body, then the connection closes, as when a client is killed.
        req.write('{"title":"half', () => setTimeout(() => req.destroy(), 50));
      });
      // The server has seen the close once it answers the next request.
      const after = (await call("GET", `${R}/issues?state=all`)).body as unknown[];
      expect(after).toHaveLength(before.length);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });
});
