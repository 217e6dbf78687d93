import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { LocalGitHub } from "../../local-github/index.js";
import { type CrashfixServer, startCrashfixServer } from "../../probot-app/index.js";
import { secondScrub } from "../../probot-app/ingest/second-scrub.js";
import { type Report, redactTree, reportSchema } from "../../redact/index.js";
import { ingestConfig, makeReport, postReport, startGitHub } from "./harness.js";

const AWS_KEY = "AKIAQWERTYUIOPASDFGH";
const GITHUB_TOKEN = `ghp_${"Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8"}`;

let gh: LocalGitHub;
let ingest: CrashfixServer;
let spoolDir = "";

beforeAll(async () => {
  gh = await startGitHub();
  // Reports stay in the spool (no flush during the test), so the spool file
  // is what the test reads.
  const config = ingestConfig(gh, { CRASHFIX_FLUSH_INTERVAL_MS: "600000" });
  spoolDir = config.spoolDir;
  ingest = await startCrashfixServer(config);
});

afterAll(async () => {
  await ingest?.close();
  await gh?.close();
});

// The spool line that holds one report.
function spooledLine(reportId: string): string | undefined {
  return readdirSync(spoolDir)
    .filter((name) => name.startsWith("segment-"))
    .flatMap((name) => readFileSync(join(spoolDir, name), "utf8").split("\n"))
    .find((line) => line.includes(reportId));
}

describe("the second scrub, end to end", () => {
  it.each([
    ["rules_version", { rules_version: AWS_KEY }],
    ["runtime.node", { runtime: { node: AWS_KEY } }],
    ["runtime.deno", { runtime: { deno: AWS_KEY } }],
    ["app_version", { app_version: AWS_KEY }],
    ["phase", { phase: AWS_KEY }],
  ] as const)("never spools a secret sent in %s", async (_field, overrides) => {
    const report = makeReport(overrides as Partial<Report>);
    expect((await postReport(ingest.url, report)).status).toBe(202);
    const line = spooledLine(report.report_id);
    expect(line).toBeDefined();
    expect(line).not.toContain(AWS_KEY);
  });
});

describe("the second scrub, by construction", () => {
  it("scrubs every string field the report schema has", () => {
    const report = makeReport({
      app_version: AWS_KEY,
      rules_version: AWS_KEY,
      runtime: { node: AWS_KEY, bun: AWS_KEY, deno: AWS_KEY },
      error_class: GITHUB_TOKEN,
      frames: ["main", GITHUB_TOKEN],
      phase: AWS_KEY,
    });
    const { report: out, misses, classes } = secondScrub(report);
    expect(JSON.stringify(out)).not.toContain(AWS_KEY);
    expect(JSON.stringify(out)).not.toContain(GITHUB_TOKEN);
    expect(misses).toBe(8);
    expect(classes.sort()).toEqual(["AWS_ACCESS_KEY_ID", "GITHUB_TOKEN"]);
  });

  it("scrubs a field added to the schema, at the top, nested and in a list, without being told", () => {
    const runtime = reportSchema.shape.runtime.extend({ python: z.string() });
    const extended = reportSchema.extend({
      added_text: z.string(),
      added_list: z.array(z.string()).optional(),
      added_object: z.strictObject({ inner: z.string() }),
      runtime,
    });
    const report = {
      ...makeReport(),
      added_text: `token ${GITHUB_TOKEN}`,
      added_list: ["ok", AWS_KEY],
      added_object: { inner: AWS_KEY },
      runtime: { node: "20.20.0", python: AWS_KEY },
    } as unknown as Report;
    expect(extended.safeParse(report).success).toBe(true);
    const { report: out, misses } = secondScrub(report, extended);
    const text = JSON.stringify(out);
    expect(text).not.toContain(AWS_KEY);
    expect(text).not.toContain(GITHUB_TOKEN);
    expect(misses).toBe(4);
    expect((out as unknown as { added_list: string[] }).added_list[0]).toBe("ok");
  });

  it("leaves a clean report as it is, fingerprint included", () => {
    const report = makeReport();
    expect(secondScrub(report)).toEqual({ report, misses: 0, classes: [] });
  });

  it("leaves the fields in hex or time alone: a report id whose digits pass a card's Luhn check stays", () => {
    // A UUID v4 a client made: 5370 446 and the digits around them read as
    // a card number to the card rule.
    const report = makeReport();
    const lucky = { ...report, report_id: "9e436792-5370-446f-9cc5-758a0244be39" };
    expect(redactTree(lucky.report_id).count).toBeGreaterThan(0);
    expect(secondScrub(lucky)).toEqual({ report: lucky, misses: 0, classes: [] });
  });

  it("takes the fingerprint again over scrubbed frames", () => {
    const report = makeReport({ frames: ["main", AWS_KEY] });
    const { report: out } = secondScrub(report);
    expect(out.fingerprint).not.toBe(report.fingerprint);
    expect(out.stack_signature[1]).toBe("[REDACTED:AWS_ACCESS_KEY_ID]");
  });
});
