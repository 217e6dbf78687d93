import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { apiClient, startTestGitHub } from "./helpers.js";

let gh: LocalGitHub;
let call: ReturnType<typeof apiClient>;
let clock = Date.parse("2026-01-01T00:00:00Z");
const R = "/repos/acme/triage";

type Issue = { number: number; title: string; labels: Array<{ name: string }> };
const numbers = (body: unknown) => (body as Issue[]).map((issue) => issue.number);

beforeAll(async () => {
  gh = await startTestGitHub({ now: () => clock });
  call = apiClient(gh);
  // Issue n is created at minute n, so created/updated order is known.
  const labelSets = [["crashfix", "fp:1"], ["crashfix", "fp:2"], ["crashfix"], ["fp:1"], []];
  for (const [i, labels] of labelSets.entries()) {
    clock += 60_000;
    await call("POST", `${R}/issues`, { title: `issue ${i + 1}`, labels });
  }
  clock += 60_000;
  await call("PATCH", `${R}/issues/2`, { state: "closed" });
  clock += 60_000;
  await call("POST", `${R}/issues/3/comments`, { body: "first" });
  await call("POST", `${R}/issues/3/comments`, { body: "second" });
});
afterAll(async () => {
  await gh?.close();
});

describe("listing repository issues", () => {
  it.each([
    ["open issues, newest first, by default", "", [5, 4, 3, 1]],
    ["every state", "?state=all", [5, 4, 3, 2, 1]],
    ["closed issues only", "?state=closed", [2]],
    ["one label", "?labels=fp:1&state=all", [4, 1]],
    ["the AND of two labels", "?labels=crashfix,fp:1&state=all", [1]],
    ["labels case-insensitively", "?labels=CrashFix,FP:2&state=all", [2]],
    ["a label nobody carries", "?labels=nope&state=all", []],
    ["oldest first", "?direction=asc", [1, 3, 4, 5]],
    ["recently updated first", "?sort=updated&state=all", [3, 2, 5, 4, 1]],
    ["most commented first", "?sort=comments&state=all", [3, 5, 4, 2, 1]],
    ["issues updated since a time", "?state=all&since=2026-01-01T00:06:00Z", [3, 2]],
  ])("lists %s", async (_name, query, expected) => {
    const answer = await call("GET", `${R}/issues${query}`);
    expect(answer.status).toBe(200);
    expect(numbers(answer.body)).toEqual(expected);
  });

  it("pages with per_page and page, and links next, last, prev and first", async () => {
    const first = await call("GET", `${R}/issues?state=all&per_page=2`);
    expect(numbers(first.body)).toEqual([5, 4]);
    const link = first.headers.get("link") ?? "";
    expect(link).toContain(`<${gh.apiUrl}${R}/issues?state=all&per_page=2&page=2>; rel="next"`);
    expect(link).toContain('page=3>; rel="last"');
    const middle = await call("GET", `${R}/issues?state=all&per_page=2&page=2`);
    expect(numbers(middle.body)).toEqual([3, 2]);
    expect(middle.headers.get("link")).toMatch(
      /page=1>; rel="prev".*rel="first".*page=3>; rel="next"/,
    );
    const last = await call("GET", `${R}/issues?state=all&per_page=2&page=3`);
    expect(numbers(last.body)).toEqual([1]);
    expect(last.headers.get("link")).not.toContain('rel="next"');
    const beyond = await call("GET", `${R}/issues?state=all&per_page=2&page=9`);
    expect(beyond.body).toEqual([]);
  });

  it("caps per_page at 100 as GitHub does", async () => {
    const answer = await call("GET", `${R}/issues?state=all&per_page=500`);
    expect(numbers(answer.body)).toHaveLength(5);
    expect(answer.headers.get("link")).toBeNull();
  });

  it("records state_reason and closed_at when an issue is closed and reopened", async () => {
    const closed = await call("GET", `${R}/issues/2`);
    expect(closed.body).toMatchObject({
      state: "closed",
      state_reason: "completed",
      closed_at: "2026-01-01T00:06:00Z",
    });
    const reopened = await call("PATCH", `${R}/issues/2`, { state: "open" });
    expect(reopened.body).toMatchObject({
      state: "open",
      state_reason: "reopened",
      closed_at: null,
    });
    const notPlanned = await call("PATCH", `${R}/issues/2`, {
      state: "closed",
      state_reason: "not_planned",
    });
    expect(notPlanned.body).toMatchObject({ state: "closed", state_reason: "not_planned" });
  });

  it("replaces labels on update and creates the ones that did not exist", async () => {
    const answer = await call("PATCH", `${R}/issues/5`, {
      labels: ["crash:confirmed", { name: "crashfix" }],
    });
    expect((answer.body as Issue).labels.map((l) => l.name)).toEqual([
      "crash:confirmed",
      "crashfix",
    ]);
    expect((await call("GET", `${R}/labels/crash:confirmed`)).status).toBe(200);
  });

  it("edits and deletes comments, keeping the issue's comment count", async () => {
    const comments = (await call("GET", `${R}/issues/3/comments`)).body as Array<{
      id: number;
      body: string;
    }>;
    expect(comments.map((c) => c.body)).toEqual(["first", "second"]);
    const [first, second] = comments as unknown as [{ id: number }, { id: number }];
    const edited = await call("PATCH", `${R}/issues/comments/${first.id}`, { body: "edited" });
    expect(edited.body).toMatchObject({ body: "edited" });
    expect((await call("DELETE", `${R}/issues/comments/${second.id}`)).status).toBe(204);
    expect((await call("GET", `${R}/issues/3`)).body).toMatchObject({ comments: 1 });
  });
});
