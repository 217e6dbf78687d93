import { describe, expect, it } from "vitest";
import {
  parseFingerprintMarker,
  parseTriageIssue,
  renderTriageIssue,
  type TriageReport,
} from "../../triage/index.js";
import { visibleMarkup } from "./visible-markup.js";

const FP = "0123456789abcdef".repeat(4);

function report(overrides: Partial<TriageReport> = {}): TriageReport {
  return {
    fingerprint: FP,
    error_class: "TypeError",
    stack_signature: ["readConfig", "loadProject", "main"],
    app: "loki-mode",
    app_version: "1.4.2",
    os: "linux",
    arch: "x64",
    captured_at: "2026-11-25T12:00:00Z",
    ...overrides,
  };
}

describe("renderTriageIssue", () => {
  it("titles the issue after the error class and the top frame", () => {
    expect(renderTriageIssue(report()).title).toBe("TypeError in readConfig");
    expect(renderTriageIssue(report({ stack_signature: [] })).title).toBe("TypeError");
  });

  it("labels a new issue crashfix, fp:<16 hex> and crash:new", () => {
    expect(renderTriageIssue(report()).labels).toEqual([
      "crashfix",
      "fp:0123456789abcdef",
      "crash:new",
    ]);
  });

  it("puts the full fingerprint in a hidden marker and the frames in a code block", () => {
    const { body } = renderTriageIssue(report());
    expect(body).toContain(`<!-- crashfix:fingerprint=${FP} -->`);
    expect(body).toContain("```text\nreadConfig\nloadProject\nmain\n```");
    expect(body).toContain("| First seen in | `1.4.2` |");
  });

  it("parses back exactly what it rendered, optional fields included", () => {
    const full = report({ phase: "ACT", exit_code: 2, friction_kind: "retry_loop" });
    expect(parseTriageIssue(renderTriageIssue(full).body)).toEqual({
      fingerprint: FP,
      errorClass: "TypeError",
      signatures: ["readConfig", "loadProject", "main"],
      firstSeenVersion: "1.4.2",
      app: "loki-mode",
      phase: "ACT",
      exitCode: 2,
      frictionKind: "retry_loop",
    });
    expect(parseTriageIssue(renderTriageIssue(report()).body)).not.toHaveProperty("phase");
  });

  it.each([
    ["an HTML comment terminator", "x --> <script>alert(1)</script>"],
    ["a table break", "a | b"],
    ["a mention", "@octocat"],
    ["a code fence", "```\n# heading"],
    ["backticks", "`a``b`"],
  ])("keeps %s inert and still round-trips", (_name, hostile) => {
    const input = report({
      error_class: hostile,
      stack_signature: [hostile],
      app_version: hostile,
    });
    const { body, title } = renderTriageIssue(input);
    expect(title).not.toContain("\n");
    const markup = visibleMarkup(body);
    expect(markup).not.toMatch(/<|-->|@octocat|\| b/);
    expect(body.split("\n").filter((line) => line.startsWith("<!--"))).toHaveLength(2);
    const parsed = parseTriageIssue(body);
    expect(parsed?.errorClass).toBe(hostile);
    expect(parsed?.signatures).toEqual([hostile]);
  });
});

describe("parseTriageIssue", () => {
  it.each([
    ["an empty body", ""],
    ["null", null],
    ["a body without markers", "just a bug report"],
    [
      "a truncated state block",
      `<!-- crashfix:fingerprint=${FP} -->\n<!-- crashfix:issue-state={"fing`,
    ],
    [
      "a state whose fingerprint differs from the marker",
      renderTriageIssue(report()).body.replace(
        `fingerprint=${FP}`,
        `fingerprint=${"f".repeat(64)}`,
      ),
    ],
  ])("returns undefined for %s", (_name, body) => {
    expect(parseTriageIssue(body)).toBeUndefined();
  });

  it("finds the fingerprint marker even after a human rewrote the rest", () => {
    expect(parseFingerprintMarker(`notes\n<!-- crashfix:fingerprint=${FP} -->\nmore`)).toBe(FP);
    expect(parseFingerprintMarker("<!-- crashfix:fingerprint=xyz -->")).toBeUndefined();
  });
});
