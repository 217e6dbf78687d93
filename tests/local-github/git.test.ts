import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalGitHub } from "../../local-github/index.js";
import { git, pushBranches, remoteUrl } from "./git-helpers.js";
import { apiClient, quietLog, startTestGitHub, tempDir } from "./helpers.js";

let gh: LocalGitHub;
let call: ReturnType<typeof apiClient>;
let shas: Record<string, string>;
let work: string;
const R = "/repos/acme/triage";

beforeAll(async () => {
  gh = await startTestGitHub();
  call = apiClient(gh);
  ({ shas, dir: work } = await pushBranches(gh, "acme/triage", ["crashfix/fix-abc"]));
});
afterAll(async () => {
  await gh?.close();
});

describe("git smart HTTP and the pulls API", () => {
  it("clones what was pushed", async () => {
    const parent = await tempDir();
    await git(parent, ["clone", "--quiet", remoteUrl(gh, "acme/triage"), "copy"]);
    expect(await git(join(parent, "copy"), ["rev-parse", "HEAD"])).toBe(shas.main);
    expect(await git(join(parent, "copy"), ["ls-remote", "origin", "crashfix/fix-abc"])).toContain(
      shas["crashfix/fix-abc"],
    );
  });

  it("lets anyone clone a public repository without credentials", async () => {
    const parent = await tempDir();
    await git(parent, ["clone", "--quiet", gh.gitUrl("acme/triage"), "anon"]);
    expect(await git(join(parent, "anon"), ["rev-parse", "HEAD"])).toBe(shas.main);
  });

  it("refuses a push without credentials or with a wrong token", async () => {
    await git(work, ["checkout", "--quiet", "-B", "crashfix/unauth", "main"]);
    await git(work, ["commit", "--quiet", "--allow-empty", "-m", "nope"]);
    await expect(
      git(work, ["push", "--quiet", gh.gitUrl("acme/triage"), "crashfix/unauth"]),
    ).rejects.toThrow();
    await expect(
      git(work, [
        "push",
        "--quiet",
        remoteUrl(gh, "acme/triage", "wrong-token-123"),
        "crashfix/unauth",
      ]),
    ).rejects.toThrow();
    expect((await call("GET", `${R}/git/ref/heads/crashfix/unauth`)).status).toBe(404);
  });

  it("needs credentials to clone a private repository", async () => {
    await gh.createRepo("acme/private-one", { private: true });
    const parent = await tempDir();
    await expect(
      git(parent, ["clone", "--quiet", gh.gitUrl("acme/private-one"), "x"]),
    ).rejects.toThrow();
    await git(parent, ["clone", "--quiet", remoteUrl(gh, "acme/private-one"), "y"]);
  });

  it("opens a pull request from a pushed branch and lists it by head", async () => {
    const created = await call("POST", `${R}/pulls`, {
      title: "Fix TypeError in parse",
      head: "crashfix/fix-abc",
      base: "main",
      body: "Fixes #1",
      draft: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: "open",
      draft: true,
      head: {
        ref: "crashfix/fix-abc",
        sha: shas["crashfix/fix-abc"],
        label: "acme:crashfix/fix-abc",
      },
      base: { ref: "main", sha: shas.main },
      commits: 1,
      changed_files: 1,
      additions: 1,
    });
    const listed = await call("GET", `${R}/pulls?head=acme:crashfix/fix-abc`);
    expect(listed.body).toMatchObject([{ number: (created.body as { number: number }).number }]);
    expect((await call("GET", `${R}/pulls?head=acme:crashfix/other`)).body).toEqual([]);
    expect((await call("GET", `${R}/pulls?state=closed`)).body).toEqual([]);
    const asIssue = await call("GET", `${R}/issues/${(created.body as { number: number }).number}`);
    expect(asIssue.body).toHaveProperty("pull_request.url");
  });

  it("refuses a second open pull request for the same head", async () => {
    const again = await call("POST", `${R}/pulls`, {
      title: "dup",
      head: "crashfix/fix-abc",
      base: "main",
    });
    expect(again.status).toBe(422);
    expect(JSON.stringify(again.body)).toContain("A pull request already exists");
  });

  it("refuses a pull request with no commits between base and head", async () => {
    const answer = await call("POST", `${R}/pulls`, { title: "empty", head: "main", base: "main" });
    expect(answer.status).toBe(422);
  });

  it("sees a new push to the head branch in the pull request", async () => {
    await git(work, ["checkout", "--quiet", "crashfix/fix-abc"]);
    await git(work, ["commit", "--quiet", "--allow-empty", "-m", "second"]);
    await git(work, ["push", "--quiet", "origin", "crashfix/fix-abc"]);
    const head = await git(work, ["rev-parse", "HEAD"]);
    const pulls = (await call("GET", `${R}/pulls`)).body as Array<{
      number: number;
      head: { sha: string };
    }>;
    expect(pulls[0]?.head.sha).toBe(head);
  });

  it("closes a pull request", async () => {
    const [pull] = (await call("GET", `${R}/pulls`)).body as Array<{ number: number }>;
    const closed = await call("PATCH", `${R}/pulls/${pull?.number}`, { state: "closed" });
    expect(closed.body).toMatchObject({ state: "closed" });
  });
});

describe("the git refs API", () => {
  it("creates a ref once and answers 422 to the second claim", async () => {
    const claim = { ref: "refs/heads/crashfix/claim-abc", sha: shas.main };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => call("POST", `${R}/git/refs`, claim)),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    for (const loser of answers.filter((a) => a.status !== 201)) {
      expect(loser.status).toBe(422);
      expect(loser.body).toMatchObject({ message: "Reference already exists" });
    }
    const got = await call("GET", `${R}/git/ref/heads/crashfix/claim-abc`);
    expect(got.body).toMatchObject({
      ref: "refs/heads/crashfix/claim-abc",
      object: { sha: shas.main, type: "commit" },
    });
  });

  it("answers 422 for an object that does not exist and for a bad ref name", async () => {
    const missing = await call("POST", `${R}/git/refs`, {
      ref: "refs/heads/x",
      sha: "a".repeat(40),
    });
    expect(missing.body).toMatchObject({ message: "Object does not exist" });
    const badName = await call("POST", `${R}/git/refs`, {
      ref: "refs/heads/../../config",
      sha: shas.main,
    });
    expect(badName.status).toBe(422);
    const noPrefix = await call("POST", `${R}/git/refs`, { ref: "heads/x", sha: shas.main });
    expect(noPrefix.status).toBe(422);
  });

  it("moves a ref forward, refuses a non-fast-forward without force, and deletes it", async () => {
    const path = `${R}/git/refs/heads/crashfix/claim-abc`;
    const head = shas["crashfix/fix-abc"];
    expect((await call("PATCH", path, { sha: head })).status).toBe(200);
    expect((await call("PATCH", path, { sha: shas.main })).status).toBe(422);
    expect((await call("PATCH", path, { sha: shas.main, force: true })).status).toBe(200);
    expect((await call("DELETE", path)).status).toBe(204);
    expect((await call("DELETE", path)).status).toBe(422);
    expect((await call("GET", `${R}/git/ref/heads/crashfix/claim-abc`)).status).toBe(404);
  });

  it("opens a pull request from a branch created through the refs API", async () => {
    await call("POST", `${R}/git/refs`, {
      ref: "refs/heads/crashfix/api-branch",
      sha: shas["crashfix/fix-abc"],
    });
    const answer = await call("POST", `${R}/pulls`, {
      title: "via refs",
      head: "acme:crashfix/api-branch",
      base: "main",
    });
    expect(answer.status).toBe(201);
  });

  it("works through Octokit's git methods, which percent-encode the slashes of a ref", async () => {
    const octokit = new Octokit({ baseUrl: gh.apiUrl, auth: gh.token, log: quietLog });
    const repo = { owner: "acme", repo: "triage" };
    await octokit.rest.git.createRef({
      ...repo,
      ref: "refs/heads/crashfix/octo-claim",
      sha: shas.main as string,
    });
    const { data } = await octokit.rest.git.getRef({ ...repo, ref: "heads/crashfix/octo-claim" });
    expect(data.object.sha).toBe(shas.main);
    await octokit.rest.git.deleteRef({ ...repo, ref: "heads/crashfix/octo-claim" });
    await expect(
      octokit.rest.git.getRef({ ...repo, ref: "heads/crashfix/octo-claim" }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});
