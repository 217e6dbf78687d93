import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AgentJob,
  agent,
  agentJob,
  prepare,
  promote,
  publishJob,
  pullsFor,
  triageRepo,
} from "../../fixtures/actions/flow.js";
import { seedPromoted, seedTriageIssue } from "../../fixtures/actions/seed.js";
import {
  authEnv,
  git,
  PUBLIC_REPO,
  startWorld,
  TRIAGE_REPO,
  type World,
} from "../../fixtures/actions/world.js";
import { parseAttemptComment } from "../../triage/autofix-attempts.js";
import { statusOf } from "../../triage/index.js";
import { isAlive } from "./helpers/process.js";

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

async function seedPromotedViaStep(signatures: string[]) {
  const seeded = await seedTriageIssue(world.octokit, { signatures, status: "crash:confirmed" });
  const run = await promote(world);
  expect(run.code).toBe(0);
  return seeded;
}

const promoted = (signatures: string[]) => seedPromoted(world.octokit, { signatures });

async function triageOf(issue: number) {
  const { data } = await world.octokit.rest.issues.get({ ...triageRepo, issue_number: issue });
  const { data: comments } = await world.octokit.rest.issues.listComments({
    ...triageRepo,
    issue_number: issue,
  });
  const attempts = comments.map((c) => parseAttemptComment(c.body)).filter((a) => a !== undefined);
  return {
    status: statusOf(data.labels.map((l) => (typeof l === "string" ? l : (l.name ?? "")))),
    attempts,
    attemptBodies: comments.filter((c) => parseAttemptComment(c.body)).map((c) => c.body ?? ""),
  };
}

// Each case spawns several bundle runs, git and paced GitHub writes.
describe("step: autofix and publish", { timeout: 120_000 }, () => {
  let proposedFingerprint = "";

  it("turns a scripted agent's fix into one draft PR on crashfix/<fp16> and moves triage to crash:fix-proposed", async () => {
    const seeded = await seedPromotedViaStep(["greet", "main"]);
    proposedFingerprint = seeded.fingerprint;
    const prepared = await prepare(world, seeded.fingerprint);
    expect(prepared.run.code).toBe(0);
    expect(prepared.proceed).toBe(true);
    const briefCopy = join(world.dir, "brief-copy.md");
    const job = await agentJob(world, prepared, agent("fix"), {
      env: { CRASHFIX_TEST_BRIEF_COPY: briefCopy },
    });
    expect(job.run.code).toBe(0);
    expect(job.run.outputs).toMatchObject({ status: "ready", reason: "ok" });
    const published = await publishJob(world, prepared, seeded.fingerprint, job);
    expect(published.code).toBe(0);
    expect(published.outputs.outcome).toBe("proposed");

    const pulls = await pullsFor(world, seeded.fingerprint);
    expect(pulls).toHaveLength(1);
    const pull = pulls[0];
    expect(pull?.head.ref).toBe(`crashfix/${seeded.fingerprint.slice(0, 16)}`);
    expect(pull?.draft).toBe(true);
    expect(pull?.labels.map((l) => l.name)).toContain("crashfix");
    expect(pull?.body).toContain(`#${prepared.publicIssue}`);
    expect(pull?.body).toContain("src/greet.mjs");
    for (const forbidden of [TRIAGE_REPO, "secret-triage-vault", "ghs_planted", "LEAKED_ENV"]) {
      expect(`${pull?.title}\n${pull?.body}`).not.toContain(forbidden);
    }

    // The branch holds exactly the agent's fix, and it passes the fixture's tests.
    const clone = join(world.dir, "verify-fix");
    await git(
      world.dir,
      ["clone", "-q", "-b", pull?.head.ref ?? "", world.github.gitUrl(PUBLIC_REPO), clone],
      authEnv(world.github.token),
    );
    expect(await readFile(join(clone, "src/greet.mjs"), "utf8")).toContain('?? "world"');
    expect(existsSync(join(clone, "LEAKED_ENV.txt"))).toBe(false);
    expect((await git(clone, ["diff", "--name-only", "origin/main", "HEAD"])).trim()).toBe(
      "src/greet.mjs",
    );

    const triage = await triageOf(seeded.issue);
    expect(triage.status).toBe("crash:fix-proposed");
    expect(triage.attempts).toEqual([
      expect.objectContaining({ outcome: "proposed", pull_request: pull?.number }),
    ]);

    const brief = await readFile(briefCopy, "utf8");
    expect(brief).toContain(seeded.fingerprint);
    expect(brief).toContain('"greet"');
    expect(brief).not.toContain(TRIAGE_REPO);
  });

  it("does not run again for a fingerprint whose PR is open, and promote no longer lists it", async () => {
    const fingerprint = proposedFingerprint;
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const again = await promote(world);
    expect(JSON.parse(again.outputs.fingerprints ?? "[]")).not.toContain(fingerprint);
    const prepared = await prepare(world, fingerprint);
    expect(prepared.proceed).toBe(false);
    expect(prepared.run.outputs.reason).toBe("status-fix-proposed");
    expect(await pullsFor(world, fingerprint)).toHaveLength(1);
  });

  it.each([
    ["fail", "agent-failed", "failed"],
    ["break-ci", "ci-failed", "failed"],
    ["touch-github", "patch-refused", "refused"],
    ["nothing", "no-change", "failed"],
  ])(
    "an agent that does %s opens no PR and leaves a short note (%s)",
    async (mode, reason, outcome) => {
      const seeded = await promoted([`${mode.replace("-", "")}Frame`, "main"]);
      const prepared = await prepare(world, seeded.fingerprint);
      expect(prepared.proceed).toBe(true);
      const job = await agentJob(world, prepared, agent(mode));
      expect(job.run.code).toBe(0);
      expect(job.run.outputs).toMatchObject({ status: "failed", reason });
      const published = await publishJob(world, prepared, seeded.fingerprint, job);
      expect(published.code).toBe(0);
      expect(published.outputs.outcome).toBe(outcome);
      expect(published.summary).toContain(reason);
      expect(await pullsFor(world, seeded.fingerprint)).toHaveLength(0);
      const triage = await triageOf(seeded.issue);
      expect(triage.status).toBe("crash:promoted");
      expect(triage.attempts).toEqual([expect.objectContaining({ outcome, reason })]);
      expect(triage.attemptBodies[0]?.length ?? 0).toBeLessThan(1_500);
    },
  );

  it("kills an agent that hangs past the time limit, with everything it started", async () => {
    const seeded = await promoted(["hangFrame", "main"]);
    const prepared = await prepare(world, seeded.fingerprint);
    const pidFile = join(world.dir, "hang.pid");
    const job = await agentJob(world, prepared, agent("hang"), {
      inputs: { "agent-timeout-minutes": "0.03" },
      env: { CRASHFIX_TEST_PID_FILE: pidFile },
    });
    expect(job.run.outputs).toMatchObject({ status: "failed", reason: "agent-timeout" });
    const pid = Number(await readFile(pidFile, "utf8"));
    await expect.poll(() => isAlive(pid), { timeout: 2_000, interval: 20 }).toBe(false);
    const published = await publishJob(world, prepared, seeded.fingerprint, job);
    expect(published.outputs.outcome).toBe("failed");
    expect(await pullsFor(world, seeded.fingerprint)).toHaveLength(0);
  });

  it("stops at max-attempts: the next prepare refuses and records nothing", async () => {
    const seeded = await promoted(["capFrame", "main"]);
    for (let i = 0; i < 2; i += 1) {
      const prepared = await prepare(world, seeded.fingerprint, "2");
      expect(prepared.proceed).toBe(true);
      const job = await agentJob(world, prepared, agent("fail"));
      await publishJob(world, prepared, seeded.fingerprint, job, { "max-attempts": "2" });
    }
    const third = await prepare(world, seeded.fingerprint, "2");
    expect(third.proceed).toBe(false);
    expect(third.run.outputs.reason).toBe("attempt-cap-reached");
    expect((await triageOf(seeded.issue)).attempts).toHaveLength(2);
    const listed = await promote(world, { "max-attempts": "2" });
    expect(JSON.parse(listed.outputs.fingerprints ?? "[]")).not.toContain(seeded.fingerprint);
    expect(listed.summary).toContain("attempt cap reached");
  });

  it("opens one PR when two runs for one fingerprint race, and respects the cap while racing", async () => {
    const seeded = await promoted(["raceFrame", "main"]);
    const [p1, p2, p3] = await Promise.all([
      prepare(world, seeded.fingerprint, "2"),
      prepare(world, seeded.fingerprint, "2"),
      prepare(world, seeded.fingerprint, "2"),
    ]);
    const proceeding = [p1, p2, p3].filter((p) => p?.proceed);
    expect(proceeding).toHaveLength(2);
    const jobs = await Promise.all(proceeding.map((p) => agentJob(world, p, agent("fix"))));
    const published = await Promise.all(
      proceeding.map((p, i) => publishJob(world, p, seeded.fingerprint, jobs[i] as AgentJob)),
    );
    expect(published.map((r) => r.code)).toEqual([0, 0]);
    expect(published.map((r) => r.outputs.outcome).sort()).toEqual(["proposed", "skipped"]);
    expect(await pullsFor(world, seeded.fingerprint)).toHaveLength(1);
    expect((await triageOf(seeded.issue)).attempts).toHaveLength(2);
  });

  it("refuses a patch that was changed after the agent job (the privileged job checks the bytes)", async () => {
    const seeded = await promoted(["tamperFrame", "main"]);
    const prepared = await prepare(world, seeded.fingerprint);
    const job = await agentJob(world, prepared, agent("fix"));
    const patchPath = join(job.outDir, "crashfix.patch");
    await writeFile(patchPath, `${await readFile(patchPath, "utf8")}\n`);
    const published = await publishJob(world, prepared, seeded.fingerprint, job);
    expect(published.outputs).toMatchObject({ outcome: "refused", reason: "patch-mismatch" });
    expect(await pullsFor(world, seeded.fingerprint)).toHaveLength(0);
  });

  it("records an abandoned attempt when the fix job ended without a result", async () => {
    const seeded = await promoted(["emptyFrame", "main"]);
    const prepared = await prepare(world, seeded.fingerprint);
    const empty = await mkdtemp(join(world.dir, "empty-"));
    const published = await publishJob(world, prepared, seeded.fingerprint, {
      result: "failure",
      outputs: {},
      outDir: empty,
    });
    expect(published.outputs).toMatchObject({ outcome: "abandoned", reason: "fix-job-failure" });
    expect((await triageOf(seeded.issue)).attempts).toEqual([
      expect.objectContaining({ outcome: "abandoned" }),
    ]);
  });
});
