import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  agent,
  agentJob,
  prepare,
  publishJob,
  pullsFor,
  RUNNER_CREDENTIALS,
} from "../../fixtures/actions/flow.js";
import { seedPromoted } from "../../fixtures/actions/seed.js";
import { isAlive } from "./helpers/process.js";
import { useWorld } from "./helpers/use-world.js";

// The fix job as a runner runs it: the autofix action (the committed bundle,
// with the runner's tokens in its environment, as every JavaScript action
// gets them), then the workflow's own agent step (its run: line from
// docs/workflows/crashfix-autofix.yml, run by bash as a run: step is).
const world = useWorld();

describe("the agent's reach", { timeout: 120_000 }, () => {
  it("finds no runner credential in its own environment or any ancestor's", async () => {
    const seeded = await seedPromoted(world().octokit, { signatures: ["reachFrame", "main"] });
    const prepared = await prepare(world(), seeded.fingerprint);
    const findings = join(world().dir, "credential-findings.txt");
    const job = await agentJob(world(), prepared, agent("find-credentials"), {
      env: {
        CRASHFIX_TEST_FINDINGS: findings,
        CRASHFIX_TEST_PLANTED: Object.values(RUNNER_CREDENTIALS).join(","),
      },
    });
    expect(job.setup.code).toBe(0);
    expect(job.run.outputs.status).toBe("ready");
    expect(await readFile(findings, "utf8")).toBe("");
  });

  it("leaves no setsid -f straggler behind, and a forged verdict changes nothing", async () => {
    const seeded = await seedPromoted(world().octokit, { signatures: ["stragglerFrame", "main"] });
    const prepared = await prepare(world(), seeded.fingerprint);
    const pidFile = join(world().dir, "straggler.pid");
    const doneFile = join(world().dir, "straggler.done");
    const job = await agentJob(world(), prepared, agent("straggler"), {
      env: {
        CRASHFIX_TEST_PID_FILE: pidFile,
        CRASHFIX_TEST_DONE_FILE: doneFile,
        CRASHFIX_TEST_FORGE_AFTER_MS: "2500",
      },
    });
    // The step returned only after its sweep: the straggler is gone already.
    expect(isAlive(Number(await readFile(pidFile, "utf8")))).toBe(false);
    expect(existsSync(doneFile)).toBe(false);
    // The lines the agent appended before the step wrote its own are gone.
    expect(job.run.outputs).toMatchObject({ status: "failed", reason: "ci-failed" });
    const published = await publishJob(world(), prepared, seeded.fingerprint, job);
    expect(published.outputs.outcome).toBe("failed");
    expect(await pullsFor(world(), seeded.fingerprint)).toHaveLength(0);
  });

  it("refuses to start an agent when its own step holds a runner token", async () => {
    const seeded = await seedPromoted(world().octokit, { signatures: ["tokenStepFrame", "main"] });
    const prepared = await prepare(world(), seeded.fingerprint);
    const job = await agentJob(world(), prepared, agent("fix"), {
      env: { GITHUB_TOKEN: RUNNER_CREDENTIALS.GITHUB_TOKEN },
    });
    expect(job.run.code).not.toBe(0);
    expect(job.run.stdout).toContain("refusing to start the agent");
    expect(job.run.stdout).toContain("GITHUB_TOKEN");
    expect(job.run.stdout).not.toContain(RUNNER_CREDENTIALS.GITHUB_TOKEN);
    const published = await publishJob(world(), prepared, seeded.fingerprint, job);
    expect(published.outputs).toMatchObject({ outcome: "abandoned", reason: "fix-job-failure" });
  });
});
