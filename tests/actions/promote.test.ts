import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { promote, publicRepo, triageRepo } from "../../fixtures/actions/flow.js";
import { seedTriageIssue } from "../../fixtures/actions/seed.js";
import { startWorld, TRIAGE_REPO, type World } from "../../fixtures/actions/world.js";
import { fpLabel, statusOf } from "../../triage/index.js";

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

async function publicIssuesFor(fingerprint: string) {
  const { data } = await world.octokit.rest.issues.listForRepo({
    ...publicRepo,
    labels: fpLabel(fingerprint),
    state: "all",
  });
  return data;
}

async function triageState(issue: number) {
  const { data } = await world.octokit.rest.issues.get({ ...triageRepo, issue_number: issue });
  const { data: comments } = await world.octokit.rest.issues.listComments({
    ...triageRepo,
    issue_number: issue,
  });
  return {
    status: statusOf(data.labels.map((l) => (typeof l === "string" ? l : (l.name ?? "")))),
    comments,
  };
}

// Each case spawns several bundle runs, git and paced GitHub writes.
describe("step: promote", { timeout: 120_000 }, () => {
  it("promotes a crash:confirmed fingerprint to a public issue built from whitelisted fields", async () => {
    const seeded = await seedTriageIssue(world.octokit, {
      signatures: ["greet", "main"],
      status: "crash:confirmed",
      occurrences: 3,
      projects: 2,
    });
    const run = await promote(world);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.fingerprints ?? "[]")).toContain(seeded.fingerprint);

    const issues = await publicIssuesFor(seeded.fingerprint);
    expect(issues).toHaveLength(1);
    const issue = issues[0];
    expect(issue?.title).toBe("Crash: TypeError in greet");
    expect(issue?.body).toContain("1. greet");
    expect(issue?.body).toContain("linux/x64");
    expect(issue?.body).toContain("1.2.3");
    expect(issue?.body).toMatch(
      /seen 3 times in 2 distinct projects (on|between) \d{4}-\d{2}-\d{2}/,
    );
    expect(issue?.labels.map((l) => (typeof l === "string" ? l : l.name))).toEqual(
      expect.arrayContaining(["crashfix", fpLabel(seeded.fingerprint)]),
    );

    const triage = await triageState(seeded.issue);
    expect(triage.status).toBe("crash:promoted");
    expect(triage.comments.filter((c) => c.body?.includes(`#${issue?.number}`))).toHaveLength(1);
    expect(run.summary).toContain("promoted");
  });

  it("leaves crash:new fingerprints alone while the thresholds are off", async () => {
    const seeded = await seedTriageIssue(world.octokit, {
      signatures: ["parseFlags", "main"],
      status: "crash:new",
      occurrences: 50,
      projects: 10,
    });
    const run = await promote(world);
    expect(run.code).toBe(0);
    expect(await publicIssuesFor(seeded.fingerprint)).toHaveLength(0);
    expect((await triageState(seeded.issue)).status).toBe("crash:new");
  });

  it("promotes crash:new once min-occurrences and min-projects are both met, and not before", async () => {
    const fewProjects = await seedTriageIssue(world.octokit, {
      signatures: ["loadConfig", "main"],
      status: "crash:new",
      occurrences: 6,
      projects: 1,
    });
    const enough = await seedTriageIssue(world.octokit, {
      signatures: ["readCache", "main"],
      status: "crash:new",
      occurrences: 6,
      projects: 3,
    });
    const tooFew = await seedTriageIssue(world.octokit, {
      signatures: ["writeCache", "main"],
      status: "crash:new",
      occurrences: 2,
      projects: 2,
    });
    const run = await promote(world, { "min-occurrences": "5", "min-projects": "2" });
    expect(run.code).toBe(0);
    expect(await publicIssuesFor(enough.fingerprint)).toHaveLength(1);
    expect(await publicIssuesFor(fewProjects.fingerprint)).toHaveLength(0);
    expect(await publicIssuesFor(tooFew.fingerprint)).toHaveLength(0);
    expect((await triageState(enough.issue)).status).toBe("crash:promoted");
  });

  it("creates one public issue and one link comment when run twice, and twice concurrently", async () => {
    const seeded = await seedTriageIssue(world.octokit, {
      signatures: ["renderTable", "main"],
      status: "crash:confirmed",
    });
    const [a, b] = await Promise.all([promote(world), promote(world)]);
    const c = await promote(world);
    expect([a.code, b.code, c.code]).toEqual([0, 0, 0]);
    expect(await publicIssuesFor(seeded.fingerprint)).toHaveLength(1);
    const links = (await triageState(seeded.issue)).comments.filter((comment) =>
      comment.body?.startsWith("<!-- crashfix:promoted -->"),
    );
    expect(links).toHaveLength(1);
  });

  it("copies nothing of the triage issue's free text, comments or repository name", async () => {
    const seeded = await seedTriageIssue(world.octokit, {
      signatures: ["fetchIndex", "main"],
      status: "crash:confirmed",
    });
    const planted = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
    const { data } = await world.octokit.rest.issues.get({
      ...triageRepo,
      issue_number: seeded.issue,
    });
    await world.octokit.rest.issues.update({
      ...triageRepo,
      issue_number: seeded.issue,
      body: `${data.body}\n\nInternal note: customer Contoso, token ${planted}, see ${TRIAGE_REPO}`,
    });
    await world.octokit.rest.issues.createComment({
      ...triageRepo,
      issue_number: seeded.issue,
      body: `Maintainer comment: reproduced with ${planted} at https://internal.example/${TRIAGE_REPO}`,
    });
    const run = await promote(world);
    expect(run.code).toBe(0);
    const [issue] = await publicIssuesFor(seeded.fingerprint);
    const visible = `${issue?.title}\n${issue?.body}`;
    for (const forbidden of [
      planted,
      "Contoso",
      "Internal note",
      "Maintainer comment",
      TRIAGE_REPO,
      "secret-triage-vault",
    ]) {
      expect(visible).not.toContain(forbidden);
    }
    // On a runner, ::add-mask:: lines are consumed by the runner and masked
    // everywhere after; every other line of the log must not name the repo.
    const log = run.stdout
      .split("\n")
      .filter((line) => !line.startsWith("::add-mask::"))
      .join("\n");
    expect(`${log}\n${run.summary}`).not.toContain(TRIAGE_REPO);
  });

  it.each([
    ["promote", { "min-occurrences": "many" }, 'at ["min-occurrences"]'],
    ["promote", { "triage-repo": "not a repo" }, 'at ["triage-repo"]'],
    ["promote", { "triage-repo": "acme/buggy-cli" }, "same repository"],
    ["promote", { token: "" }, "at token"],
    ["nonsense", {}, 'input "step" must be one of'],
  ])(
    "fails the step with a message naming the input for step %s with %j",
    async (step, inputs, message) => {
      const run = await promote(world, { step, ...inputs });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(message);
    },
  );
});
