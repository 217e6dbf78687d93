import { describe, expect, it } from "vitest";
import {
  assertTransition,
  CRASHFIX_LABEL,
  canTransition,
  compareVersions,
  decideTransition,
  fpLabel,
  isFpLabel,
  maxVersion,
  parseFixedAfter,
  STATUS_LABELS,
  statusOf,
  type TransitionDecision,
  type TriageStatus,
  withFixedAfter,
  withStatus,
} from "../../triage/index.js";

const FP = "ab".repeat(32);

describe("labels", () => {
  it("names the fingerprint label after the first 16 hex characters", () => {
    expect(fpLabel(FP)).toBe("fp:abababababababab");
    expect(isFpLabel(fpLabel(FP))).toBe(true);
    expect(fpLabel(FP).length).toBeLessThanOrEqual(50);
  });

  it.each([
    ["too short", "abc"],
    ["upper case", "AB".repeat(32)],
    ["non-hex", "zz".repeat(32)],
    ["too long", "ab".repeat(33)],
    ["label injection", `${"ab".repeat(31)},x`],
  ])("refuses a fingerprint that is %s", (_name, value) => {
    expect(() => fpLabel(value)).toThrow(/64 lower-case hex/);
  });

  it("exports the crashfix label and the six status labels in lifecycle order", () => {
    expect(CRASHFIX_LABEL).toBe("crashfix");
    expect(STATUS_LABELS).toEqual([
      "crash:new",
      "crash:confirmed",
      "crash:promoted",
      "crash:fix-proposed",
      "crash:fixed",
      "crash:regressed",
    ]);
  });

  it("reads the status from names or from GitHub label objects", () => {
    expect(statusOf(["crashfix", "crash:confirmed"])).toBe("crash:confirmed");
    expect(statusOf([{ name: "crashfix" }, { name: "crash:fixed" }])).toBe("crash:fixed");
    expect(statusOf(["crashfix", "bug"])).toBeUndefined();
  });

  it("picks the furthest status when a human left two", () => {
    expect(statusOf(["crash:fixed", "crash:new"])).toBe("crash:fixed");
  });

  it("replaces every status label with exactly one and keeps the others", () => {
    const labels = withStatus(
      ["crashfix", "fp:abababababababab", "crash:new", "crash:confirmed", "bug"],
      "crash:fixed",
    );
    expect(labels).toEqual(["crashfix", "fp:abababababababab", "bug", "crash:fixed"]);
    expect(labels.filter((name) => name.startsWith("crash:"))).toHaveLength(1);
  });
});

describe("status transitions", () => {
  it.each<[TriageStatus | undefined, TriageStatus]>([
    [undefined, "crash:new"],
    ["crash:new", "crash:confirmed"],
    ["crash:confirmed", "crash:promoted"],
    ["crash:promoted", "crash:fix-proposed"],
    ["crash:fix-proposed", "crash:fixed"],
    ["crash:fixed", "crash:regressed"],
    ["crash:regressed", "crash:fix-proposed"],
    ["crash:new", "crash:fixed"],
  ])("allows %s -> %s", (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it.each<[TriageStatus | undefined, TriageStatus]>([
    [undefined, "crash:fixed"],
    ["crash:fixed", "crash:new"],
    ["crash:fixed", "crash:confirmed"],
    ["crash:promoted", "crash:new"],
    ["crash:confirmed", "crash:regressed"],
    ["crash:fix-proposed", "crash:promoted"],
    ["crash:fix-proposed", "crash:confirmed"],
  ])("refuses %s -> %s with the allowed targets in the message", (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertTransition(from, to)).toThrow(/cannot move from .* allowed: /);
  });

  // What each writer asks for: the ingest files (new) and regresses, a
  // maintainer confirms, the promote step promotes, publish proposes a fix,
  // closing as completed fixes.
  const WRITER_TARGETS: readonly TriageStatus[] = [
    "crash:new",
    "crash:confirmed",
    "crash:promoted",
    "crash:fix-proposed",
    "crash:fixed",
    "crash:regressed",
  ];

  it.each<[TriageStatus, TriageStatus, TransitionDecision]>([
    ["crash:fix-proposed", "crash:confirmed", "stay"],
    ["crash:fix-proposed", "crash:promoted", "stay"],
    ["crash:fix-proposed", "crash:fix-proposed", "stay"],
    ["crash:promoted", "crash:confirmed", "stay"],
    ["crash:fixed", "crash:confirmed", "stay"],
    ["crash:fixed", "crash:fix-proposed", "stay"],
    ["crash:regressed", "crash:confirmed", "move"],
    ["crash:fixed", "crash:regressed", "move"],
    ["crash:new", "crash:regressed", "refuse"],
    ["crash:promoted", "crash:regressed", "refuse"],
  ])("decides %s + a step that wants %s: %s", (from, to, decision) => {
    expect(decideTransition(from, to)).toBe(decision);
  });

  it.each(STATUS_LABELS.map((status) => [status]))(
    "never moves an issue at %s backwards, whichever step is re-run",
    (from) => {
      const round = [
        "crash:new",
        "crash:confirmed",
        "crash:promoted",
        "crash:fix-proposed",
        "crash:fixed",
      ];
      for (const to of WRITER_TARGETS) {
        if (decideTransition(from, to) !== "move") continue;
        // The only move to an earlier stage is a regression, which starts a new round.
        if (to === "crash:regressed") expect(from).toBe("crash:fixed");
        else if (from !== "crash:regressed")
          expect(round.indexOf(to)).toBeGreaterThan(round.indexOf(from));
      }
    },
  );

  it("ends a full round where it ends, however often the steps run again after it", () => {
    let status: TriageStatus | undefined;
    const apply = (to: TriageStatus) => {
      if (decideTransition(status, to) === "move") status = to;
    };
    const round: TriageStatus[] = [
      "crash:new",
      "crash:confirmed",
      "crash:promoted",
      "crash:fix-proposed",
    ];
    for (const to of round) apply(to);
    for (let run = 0; run < 3; run += 1) for (const to of round) apply(to);
    expect(status).toBe("crash:fix-proposed");
    apply("crash:fixed");
    for (const to of round) apply(to);
    expect(status).toBe("crash:fixed");
  });
});

describe("versions and the fixed-after marker", () => {
  it.each([
    ["1.2.10", "1.2.9", 1],
    ["v2.0.0", "1.99.99", 1],
    ["1.0.0-rc.1", "1.0.0", -1],
    ["1.0", "1.0.0", 0],
    ["1.0.0+build", "1.0.0", 0],
    ["abc", "abd", -1],
  ])("compares %s with %s as %i", (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });

  it("finds the newest version", () => {
    expect(maxVersion(["1.2.9", "1.2.10", "1.2.10-beta"])).toBe("1.2.10");
    expect(maxVersion([])).toBeUndefined();
  });

  it("records the fixed-after version in the body once and reads it back", () => {
    const once = withFixedAfter("body text", "1.4.0");
    const twice = withFixedAfter(once, "1.5.0 -->");
    expect(parseFixedAfter(once)).toBe("1.4.0");
    expect(parseFixedAfter(twice)).toBe("1.5.0 -->");
    expect(twice.match(/crashfix:fixed-after/g)).toHaveLength(1);
    expect(twice.startsWith("body text")).toBe(true);
    expect(parseFixedAfter("no marker")).toBeUndefined();
  });
});
