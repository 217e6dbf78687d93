import { describe, expect, it } from "vitest";
import {
  COUNTERS_MARKER,
  type CountedReport,
  emptyCounters,
  MAX_VERSIONS,
  mergeCounters,
  OTHER_KEY,
  parseCountersComment,
  renderCountersComment,
  renderDailyTrend,
} from "../../triage/index.js";
import { visibleMarkup } from "./visible-markup.js";

function counted(overrides: Partial<CountedReport> = {}): CountedReport {
  return {
    app_version: "1.0.0",
    os: "linux",
    arch: "x64",
    captured_at: "2026-11-25T12:00:00Z",
    ...overrides,
  };
}

const sample = mergeCounters(undefined, [
  counted(),
  counted({ app_version: "1.1.0", os: "darwin", arch: "arm64", project_id_hash: "a".repeat(64) }),
  counted({ captured_at: "2026-11-23T08:30:00Z", project_id_hash: "b".repeat(64) }),
  counted({ captured_at: "2026-11-25T13:00:00Z", project_id_hash: "a".repeat(64) }),
]);

describe("mergeCounters", () => {
  it("adds totals, versions, platforms, days, projects and first/last seen", () => {
    expect(sample).toEqual({
      total: 4,
      versions: { "1.0.0": 3, "1.1.0": 1 },
      platforms: { "darwin/arm64": 1, "linux/x64": 3 },
      projects: ["a".repeat(16), "b".repeat(16)],
      distinctProjects: 2,
      projectsCapped: false,
      firstSeen: "2026-11-23T08:30:00Z",
      lastSeen: "2026-11-25T13:00:00Z",
      daily: { "2026-11-23": 1, "2026-11-25": 3 },
      appliedBatches: [],
    });
  });

  it("adds to existing absolute values without changing its input", () => {
    const before = structuredClone(sample);
    const after = mergeCounters(sample, [counted({ app_version: "1.1.0" })]);
    expect(sample).toEqual(before);
    expect(after.total).toBe(5);
    expect(after.versions["1.1.0"]).toBe(2);
  });

  it("applies a batch id once, so a replayed batch is not counted twice", () => {
    const once = mergeCounters(emptyCounters(), [counted(), counted()], { batchId: "b1" });
    const twice = mergeCounters(once, [counted(), counted()], { batchId: "b1" });
    expect(twice).toEqual(once);
    expect(twice.total).toBe(2);
    expect(twice.appliedBatches).toEqual(["b1"]);
  });

  it("folds versions past the cap into 'other' so the breakdown still sums to the total", () => {
    const reports = Array.from({ length: MAX_VERSIONS + 25 }, (_, i) =>
      counted({ app_version: `0.0.${i}` }),
    );
    const counters = mergeCounters(undefined, reports);
    expect(Object.keys(counters.versions)).toHaveLength(MAX_VERSIONS + 1);
    expect(counters.versions[OTHER_KEY]).toBe(25);
    const sum = Object.values(counters.versions).reduce((a, b) => a + b, 0);
    expect(sum).toBe(counters.total);
  });

  it("treats a version named __proto__ as an ordinary key", () => {
    const counters = mergeCounters(undefined, [counted({ app_version: "__proto__" })]);
    expect(Object.hasOwn(counters.versions, "__proto__")).toBe(true);
    expect(parseCountersComment(renderCountersComment(counters))).toEqual(counters);
  });
});

describe("counters comment", () => {
  it("parses back exactly what it rendered", () => {
    expect(parseCountersComment(renderCountersComment(sample))).toEqual(sample);
    const empty = emptyCounters();
    expect(parseCountersComment(renderCountersComment(empty))).toEqual(empty);
  });

  it("round-trips hostile version strings exactly and keeps them out of the markup", () => {
    const hostile = mergeCounters(undefined, [
      counted({ app_version: "1 --> <img src=x onerror=alert(1)> | @octocat `x`" }),
    ]);
    const body = renderCountersComment(hostile);
    expect(visibleMarkup(body)).not.toMatch(/<|@octocat|\| @/);
    expect(parseCountersComment(body)).toEqual(hostile);
  });

  it("shows the totals with readable dates, one breakdown table whose columns line up, and the hidden marker", () => {
    const body = renderCountersComment(sample);
    expect(body.startsWith(COUNTERS_MARKER)).toBe(true);
    expect(body).toContain("| 4 | 2 | 2026-11-23 08:30 UTC | 2026-11-25 13:00 UTC |");
    expect(body).toContain("| Breakdown | Value | Reports |");
    expect(body).toContain("| Version | `1.0.0` | 3 |");
    expect(body).toContain("| OS/arch | `darwin/arm64` | 1 |");
  });

  it("says the number of projects is unknown, and why, when no counted report carried a project id", () => {
    const outside = mergeCounters(undefined, [counted(), counted({ app_version: "1.1.0" })]);
    const body = renderCountersComment(outside);
    expect(body).toContain("| 2 | unknown | 2026-11-25 12:00 UTC | 2026-11-25 12:00 UTC |");
    expect(body).toContain(
      "No report here carried a project id: reports from folders outside a git repository have none.",
    );
    expect(body).not.toMatch(/\| 0 \|/);
    expect(parseCountersComment(body)).toEqual(outside);
  });

  it("keeps the number when some reports carried a project id, with no note", () => {
    const body = renderCountersComment(sample);
    expect(body).toContain("| 4 | 2 |");
    expect(body).not.toMatch(/unknown|carried a project id/);
  });

  it.each([
    ["no marker", "Total: 4"],
    ["a marker without state", COUNTERS_MARKER],
    [
      "a state with a negative total",
      renderCountersComment(sample).replace('"total":4', '"total":-4'),
    ],
    [
      "a state with an unknown field",
      renderCountersComment(sample).replace('"total":4', '"total":4,"extra":1'),
    ],
  ])("returns undefined for %s", (_name, body) => {
    expect(parseCountersComment(body)).toBeUndefined();
  });
});

describe("daily trend", () => {
  it("renders a Mermaid xychart-beta bar chart of the last 30 days, zero-filled, for an old crash", () => {
    const chart = renderDailyTrend(
      { "2026-11-25": 3, "2026-11-23": 1 },
      "2026-09-01",
      "2026-11-25",
    );
    const lines = chart.split("\n");
    expect(lines[0]).toBe("```mermaid");
    expect(lines[1]).toBe("xychart-beta");
    expect(lines.at(-1)).toBe("```");
    const bar = lines.find((line) => line.trim().startsWith("bar ["));
    const values = JSON.parse(bar?.trim().slice(4) ?? "[]") as number[];
    expect(values).toHaveLength(30);
    expect(values.slice(-3)).toEqual([1, 0, 3]);
    expect(chart).toContain('"10-27"');
    expect(chart).toContain('title "Reports per day (UTC), last 30 days"');
    expect(chart).toContain("y-axis 0 --> 3");
  });

  it("starts at the first day seen, so a new crash gets no run of empty bars", () => {
    const chart = renderDailyTrend(
      { "2026-11-23": 1, "2026-11-25": 3 },
      "2026-11-23",
      "2026-11-25",
    );
    expect(chart).toContain('x-axis ["11-23", "11-24", "11-25"]');
    expect(chart).toContain("bar [1, 0, 3]");
    expect(chart).toContain('title "Reports per day (UTC)"');
    // The title names what is counted once; the y axis repeats no title.
    expect(chart).not.toMatch(/y-axis "/);
  });

  it("spans month and year boundaries", () => {
    const chart = renderDailyTrend({ "2027-01-01": 2 }, "2026-12-01", "2027-01-01", 3);
    expect(chart).toContain('x-axis ["12-30", "12-31", "01-01"]');
  });

  it.each([
    ["without a last-seen day", "", ""],
    ["for a crash seen on one day only", "2026-12-04", "2026-12-04"],
  ])("renders nothing %s", (_name, first, last) => {
    expect(renderDailyTrend({ "2026-12-04": 5 }, first, last)).toBe("");
  });
});
