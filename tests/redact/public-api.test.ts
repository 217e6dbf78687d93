import { describe, expect, it } from "vitest";
import {
  buildReport,
  fingerprint,
  normalizeStack,
  projectIdHash,
  ReportBuildError,
  RULES_VERSION,
  redactTree,
  redactValue,
  reportSchema,
  verifyFingerprint,
} from "../../redact/index.js";
import { MACHINE, reportInput } from "./fixtures/report-input.js";

const NODE_STACK = `TypeError: Cannot read properties of undefined (reading 'id')
    at ApiClient.request (/home/alice/proj/dist/client.js:10:5)
    at Object.<anonymous> (/home/alice/proj/dist/cli.js:3:1)
    at Module._compile (node:internal/modules/cjs/loader:1256:14)`;

describe("the crashfix/redact public API", () => {
  it("builds a schema-valid report whose fingerprint verifies", () => {
    const report = buildReport({
      error: new TypeError("boom for alice@example.com"),
      stack: NODE_STACK,
      app: "loki-mode",
      appVersion: "1.2.3",
      platform: "linux",
      arch: "x64",
      runtime: { node: "v20.20.2" },
      gitRemoteUrl: "https://github.com/acme/tool.git",
      now: new Date("2026-11-25T12:00:00.987Z"),
      reportId: MACHINE.reportId,
    });
    expect(reportSchema.parse(report)).toEqual(report);
    expect(report.error_class).toBe("TypeError");
    expect(report.stack_signature).toEqual(["request", "anon:cli"]);
    expect(report.captured_at).toBe("2026-11-25T12:00:00Z");
    expect(report.runtime).toEqual({ node: "20.20.2" });
    expect(report.rules_version).toBe(RULES_VERSION);
    expect(report.project_id_hash).toBe(projectIdHash("git@github.com:acme/tool"));
    expect(report.fingerprint).toBe(fingerprint("TypeError", ["request", "anon:cli"]));
    expect(verifyFingerprint(report)).toBe(true);
    expect(verifyFingerprint({ ...report, error_class: "RangeError" })).toBe(false);
  });

  it("refuses input without a usable app id with INVALID_INPUT", () => {
    expect(() => buildReport(reportInput({ app: "bad app", appVersion: "1.0.0" }))).toThrow(
      expect.objectContaining({ name: "ReportBuildError", code: "INVALID_INPUT" }),
    );
    expect(() => buildReport(reportInput({ app: "x", appVersion: "1.0.0" }))).not.toThrow();
    expect(ReportBuildError).toBeTypeOf("function");
  });

  it("scrubs strings and trees and normalizes stacks", () => {
    expect(redactValue("token=ghp_abcdefghijklmnopqrstuvwxyz0123456789")).toBe(
      "token=[REDACTED:GITHUB_TOKEN]",
    );
    expect(redactTree({ password: "hunter2" })).toEqual({
      value: { password: "[REDACTED:PASSWORD]" },
      count: 1,
    });
    expect(normalizeStack(NODE_STACK)).toEqual(["request", "anon:cli"]);
  });
});
