import { describe, expect, it } from "vitest";
import {
  prepare,
  promote,
  publicRepo,
  publishJob,
  triageRepo,
} from "../../fixtures/actions/flow.js";
import { seedTriageIssue } from "../../fixtures/actions/seed.js";
import { parseAttemptComment } from "../../triage/autofix-attempts.js";
import { AUTOFIX_BLOCKED_MARKER, fpLabel } from "../../triage/index.js";
import { useWorld } from "./helpers/use-world.js";

// Promote lists a fingerprint as ready for auto-fix on the same condition
// prepare lets a run start: its facts pass the schema after the promotion
// scrub. The world's triage repo is acme/secret-triage-vault.
const world = useWorld();

async function publicIssue(fingerprint: string) {
  const { data } = await world().octokit.rest.issues.listForRepo({
    ...publicRepo,
    labels: fpLabel(fingerprint),
    state: "all",
  });
  return data[0];
}

async function triageComments(issue: number) {
  const { data } = await world().octokit.rest.issues.listComments({
    ...triageRepo,
    issue_number: issue,
  });
  return data.map((c) => c.body ?? "");
}

const ready = (run: { outputs: Record<string, string> }) =>
  JSON.parse(run.outputs.fingerprints ?? "[]") as string[];

describe("promote and auto-fix agree", { timeout: 120_000 }, () => {
  it.each([
    ["app named after the triage repo", { override: { app: "secret-triage-vault" } }],
    ["attacker-valid version that reads as an address", { version: "10.20.30.40" }],
  ])(
    "a crash with an %s is promoted without it, listed as ready, and let through by prepare",
    async (_name, options) => {
      const seeded = await seedTriageIssue(world().octokit, {
        status: "crash:confirmed",
        signatures: [`agree${Object.keys(options)[0]}`, "main"],
        ...options,
      });
      const run = await promote(world());
      expect(ready(run)).toContain(seeded.fingerprint);
      const issue = await publicIssue(seeded.fingerprint);
      const visible = `${issue?.title}\n${issue?.body}`;
      expect(visible).not.toContain("secret-triage-vault");
      expect(visible).not.toContain("10.20.30.40");
      expect(visible).not.toContain("[REDACTED");
      const prepared = await prepare(world(), seeded.fingerprint);
      expect(prepared.proceed).toBe(true);
      expect(prepared.facts).not.toContain("secret-triage-vault");
    },
  );

  it("a crash whose frames name the triage repo, glued, is promoted scrubbed, never listed as ready, and says why once", async () => {
    const seeded = await seedTriageIssue(world().octokit, {
      status: "crash:confirmed",
      errorClass: "RepoJoinedError",
      signatures: ["cfg.secret-triage-vault", "secret-triage-vault_init", "main"],
    });
    const first = await promote(world());
    expect(ready(first)).not.toContain(seeded.fingerprint);
    expect(first.summary).toContain("fields fail the schema after the scrub");
    const issue = await publicIssue(seeded.fingerprint);
    expect(issue?.title).toBe("Crash: RepoJoinedError in cfg.[REDACTED:REPO]");
    expect(`${issue?.title}\n${issue?.body}`).not.toMatch(/secret-triage-vault/i);
    const second = await promote(world());
    expect(ready(second)).not.toContain(seeded.fingerprint);
    const notes = (await triageComments(seeded.issue)).filter((b) =>
      b.startsWith(AUTOFIX_BLOCKED_MARKER),
    );
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain("stack_signature.0");
    expect(notes[0]).not.toContain("secret-triage-vault");
    const prepared = await prepare(world(), seeded.fingerprint);
    expect(prepared.proceed).toBe(false);
    expect(prepared.run.outputs.reason).toBe("report-fields-invalid");
    expect((await triageComments(seeded.issue)).some((b) => parseAttemptComment(b))).toBe(false);
  });

  it("makes references and link schemes in frames inert in the public title", async () => {
    const seeded = await seedTriageIssue(world().octokit, {
      status: "crash:confirmed",
      errorClass: "javascript:alert",
      signatures: ["#123", "main"],
    });
    expect((await promote(world())).code).toBe(0);
    const issue = await publicIssue(seeded.fingerprint);
    expect(issue?.title).toBe("Crash: javascript_alert in _123");
  });

  it("closes its attempt as failed when publish itself fails", async () => {
    const seeded = await seedTriageIssue(world().octokit, {
      status: "crash:confirmed",
      signatures: ["publishCrashFrame", "main"],
    });
    await promote(world());
    const prepared = await prepare(world(), seeded.fingerprint);
    expect(prepared.proceed).toBe(true);
    // Facts that no longer pass (as a hand-edited workflow input would be).
    const published = await publishJob(world(), { ...prepared, facts: "{}" }, seeded.fingerprint, {
      result: "success",
      outputs: {},
      outDir: world().dir,
    });
    expect(published.code).not.toBe(0);
    const attempts = (await triageComments(seeded.issue))
      .map((b) => parseAttemptComment(b))
      .filter((a) => a !== undefined);
    expect(attempts).toEqual([
      expect.objectContaining({ outcome: "failed", reason: "invalid-facts" }),
    ]);
  });
});
