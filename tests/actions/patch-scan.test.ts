import { createHash } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addedLines, scanAddedLines } from "../../actions/shared/patch/scan-patch.js";
import {
  AGENT_API_KEY,
  agent,
  agentJob,
  prepare,
  publishJob,
  pullsFor,
  triageRepo,
} from "../../fixtures/actions/flow.js";
import { seedPromoted } from "../../fixtures/actions/seed.js";
import { TOKENS } from "../../fixtures/redact/golden-vectors.js";
import { parseAttemptComment } from "../../triage/autofix-attempts.js";
import { useWorld } from "./helpers/use-world.js";

const world = useWorld();

async function attemptsOf(issue: number) {
  const { data } = await world().octokit.rest.issues.listComments({
    ...triageRepo,
    issue_number: issue,
  });
  return data.filter((c) => parseAttemptComment(c.body));
}

describe("the patch scan, end to end", { timeout: 120_000 }, () => {
  it.each([
    ["writes its own API key into a source file", "leak-key", AGENT_API_KEY],
    ["writes a ghp_ token", "leak-ghp", "R8vK2mQ9xT4wL7nB3cF6hJ1pD5sZ0yA8eG2u"],
    [
      "writes a PEM private key block",
      "leak-pem",
      "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2oKWbJcpLs6F5vKxV9m1u0dH8QYz",
    ],
    ["writes a URL with a password", "leak-url", "Zq8vN2rT5wLk"],
  ])("refuses the PR of an agent that %s, with a scrubbed reason", async (_name, mode, secret) => {
    const seeded = await seedPromoted(world().octokit, { signatures: [`${mode}Frame`, "main"] });
    const prepared = await prepare(world(), seeded.fingerprint);
    const job = await agentJob(world(), prepared, agent(mode));
    expect(job.run.outputs).toMatchObject({ status: "failed", reason: "secret-in-patch" });
    const published = await publishJob(world(), prepared, seeded.fingerprint, job);
    expect(published.outputs).toMatchObject({ outcome: "refused", reason: "secret-in-patch" });
    expect(await pullsFor(world(), seeded.fingerprint)).toHaveLength(0);
    const [attempt] = await attemptsOf(seeded.issue);
    expect(attempt?.body).toContain("secret-in-patch");
    expect(attempt?.body).toMatch(/src\/[a-z]+\.mjs:\d+/);
    expect(attempt?.body).not.toContain(secret);
    expect(published.stdout + published.summary).not.toContain(secret);
  });

  it("refuses in publish too, when the fix job's own scan was bypassed", async () => {
    const seeded = await seedPromoted(world().octokit, { signatures: ["bypassFrame", "main"] });
    const prepared = await prepare(world(), seeded.fingerprint);
    // A fix job that says "ready" for a patch holding a token.
    const job = await agentJob(world(), prepared, agent("fix"));
    const patch = [
      "diff --git a/src/token.mjs b/src/token.mjs",
      "new file mode 100644",
      "--- /dev/null",
      "+++ b/src/token.mjs",
      "@@ -0,0 +1 @@",
      `+export const token = "${TOKENS.ghs}";`,
      "",
    ].join("\n");
    const outDir = await mkdtemp(join(world().dir, "forged-"));
    await writeFile(join(outDir, "crashfix.patch"), patch);
    const published = await publishJob(world(), prepared, seeded.fingerprint, {
      result: "success",
      outDir,
      outputs: {
        ...job.run.outputs,
        "patch-sha256": createHash("sha256").update(patch).digest("hex"),
      },
    });
    expect(published.outputs).toMatchObject({ outcome: "refused", reason: "secret-in-patch" });
    expect(await pullsFor(world(), seeded.fingerprint)).toHaveLength(0);
    const [attempt] = await attemptsOf(seeded.issue);
    expect(attempt?.body).toContain("src/token.mjs:1 GITHUB_TOKEN");
    expect(attempt?.body).not.toContain(TOKENS.ghs);
  });

  it("lets an obvious fixture key and a hash through, listed for the reviewer in a draft PR", async () => {
    const seeded = await seedPromoted(world().octokit, { signatures: ["lookalikeFrame", "main"] });
    const prepared = await prepare(world(), seeded.fingerprint);
    const job = await agentJob(world(), prepared, agent("lookalike"));
    expect(job.run.outputs).toMatchObject({ status: "ready", reason: "ok" });
    const published = await publishJob(world(), prepared, seeded.fingerprint, job, {
      draft: "false",
    });
    expect(published.outputs.outcome).toBe("proposed");
    const [pull] = await pullsFor(world(), seeded.fingerprint);
    expect(pull?.draft).toBe(true);
    // AWS's documented example key is no secret at all (redact/ lets it
    // through); the ghp_ placeholder is listed for the reviewer.
    expect(pull?.body).not.toContain("test/fixtures.mjs:1");
    expect(pull?.body).toContain("test/fixtures.mjs:2 GITHUB_TOKEN");
    expect(pull?.body).not.toContain("EXAMPLE");
    expect(pull?.body).not.toContain("xxxxxx");
    expect(pull?.body).not.toContain("fixtures.mjs:3");
  });
});

describe("scanAddedLines", () => {
  const line = (text: string) => [{ path: "src/a.ts", line: 1, text }];
  it.each([
    ["a provider token", `const t = "${TOKENS.stripe}";`, "high"],
    ["an Anthropic key", `key: "${TOKENS.anthropic}"`, "high"],
    ["credentials in a URL", 'const u = "https://ci:Wq3rT8yPzK2m@git.acme.io/x";', "high"],
    ["a keyed placeholder", 'password = "hunter2"', "low"],
    ["an e-mail address", "// mail alice@example.org", "low"],
  ])("rates %s %s", (_name, text, confidence) => {
    expect(scanAddedLines(line(text)).map((f) => f.confidence)).toEqual([confidence]);
  });

  it("finds nothing in AWS's documented example key", () => {
    expect(scanAddedLines(line('const k = "AKIAIOSFODNN7EXAMPLE";'))).toEqual([]);
  });

  it("finds nothing in a hash or ordinary code", () => {
    expect(
      scanAddedLines(
        line('const h = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";'),
      ),
    ).toEqual([]);
    expect(scanAddedLines(line("return names[0] ?? 'world()';"))).toEqual([]);
  });

  it("finds a known secret whatever its shape", () => {
    expect(scanAddedLines(line("x = plain-secret-value-1"), ["plain-secret-value-1"])).toEqual([
      { path: "src/a.ts", line: 1, kind: "KNOWN_SECRET", confidence: "high" },
    ]);
  });

  it("reads the added lines of a -U0 diff with their paths and line numbers", () => {
    const diff = [
      "diff --git a/x.js b/x.js",
      "--- a/x.js",
      "+++ b/x.js",
      "@@ -3,0 +4,2 @@",
      "+one",
      "+two",
      "@@ -10 +12 @@",
      "-old",
      "+three",
    ].join("\n");
    expect(addedLines(diff)).toEqual([
      { path: "x.js", line: 4, text: "one" },
      { path: "x.js", line: 5, text: "two" },
      { path: "x.js", line: 12, text: "three" },
    ]);
  });
});
