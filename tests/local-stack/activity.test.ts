import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ActivityPrinter } from "../../local-stack/activity-printer.js";
import { describeGitHubEvent } from "../../local-stack/describe-activity.js";
import {
  renderAttemptComment,
  renderCountersComment,
  renderTriageIssue,
} from "../../triage/index.js";
import { makeReport } from "../probot-app/harness.js";

const report = makeReport({ app: "tally", error_class: "TypeError", frames: ["mean"] });
const triageIssue = renderTriageIssue(report);
const repository = { full_name: "acme/triage" };
const issue = {
  number: 7,
  title: triageIssue.title,
  html_url: "http://127.0.0.1:1/acme/triage/issues/7",
  body: triageIssue.body,
  labels: triageIssue.labels.map((name) => ({ name })),
};
const counters = (total: number) =>
  renderCountersComment({
    total,
    versions: { "1.2.3": total },
    platforms: { "linux/x64": total },
    projects: ["a", "b"],
    distinctProjects: 2,
    projectsCapped: false,
    firstSeen: "2026-12-04T10:00:00Z",
    lastSeen: "2026-12-04T11:00:00Z",
    daily: { "2026-12-04": total },
    appliedBatches: [],
  });

describe("what npm start says about a GitHub event", () => {
  it.each([
    [
      "a triage issue opened",
      "issues",
      { action: "opened", issue, repository },
      `issue filed: acme/triage#7  TypeError in mean`,
    ],
    [
      "a public issue opened",
      "issues",
      {
        action: "opened",
        issue: { ...issue, body: "public", labels: [{ name: "fp:0123456789abcdef" }] },
        repository: { full_name: "acme/cli" },
      },
      "public issue: acme/cli#7  TypeError in mean",
    ],
    [
      "a status label added",
      "issues",
      { action: "labeled", issue, label: { name: "crash:promoted" }, repository },
      "status: acme/triage#7 is now crash:promoted  (TypeError in mean)",
    ],
    [
      "a pull request opened",
      "pull_request",
      {
        action: "opened",
        pull_request: {
          number: 9,
          title: "Fix crash",
          html_url: "http://x/acme/cli/pull/9",
          draft: true,
        },
        repository: { full_name: "acme/cli" },
      },
      "pull request: acme/cli#9 (draft)  Fix crash",
    ],
    [
      "an auto-fix attempt that proposed a pull request",
      "issue_comment",
      {
        action: "edited",
        issue,
        repository,
        comment: {
          body: renderAttemptComment({
            fingerprint: report.fingerprint,
            outcome: "proposed",
            reason: "ok",
            pull_request: 9,
            run_url: "http://127.0.0.1:1/acme/cli/actions/runs/4",
            updated_at: "2026-12-04T10:00:00Z",
          }),
        },
      },
      "auto-fix: acme/triage#7  proposed pull request acme/cli#9",
    ],
    [
      "an auto-fix attempt that failed",
      "issue_comment",
      {
        action: "created",
        issue,
        repository,
        comment: {
          body: renderAttemptComment({
            fingerprint: report.fingerprint,
            outcome: "failed",
            reason: "ci-failed",
            updated_at: "2026-12-04T10:00:00Z",
          }),
        },
      },
      "auto-fix: acme/triage#7  attempt failed, no pull request",
    ],
  ])("%s", (_name, event, payload, line) => {
    const activity = describeGitHubEvent(event, payload, new Map());
    expect(activity && `${activity.what}: ${activity.detail}`).toBe(line);
  });

  it("says how many reports a counters edit added", () => {
    const memory = new Map<string, number>();
    const edit = (total: number) =>
      describeGitHubEvent(
        "issue_comment",
        { action: "edited", issue, repository, comment: { body: counters(total) } },
        memory,
      )?.detail;
    expect(edit(3)).toBe("acme/triage#7  3 reports from 2 projects");
    expect(edit(5)).toBe("acme/triage#7  5 reports (+2) from 2 projects");
  });

  it.each([
    ["an event nobody watches", "push", {}],
    [
      "a label that is not a status",
      "issues",
      { action: "labeled", issue, label: { name: "bug" }, repository },
    ],
    [
      "a plain comment",
      "issue_comment",
      { action: "created", issue, repository, comment: { body: "thanks" } },
    ],
    ["a payload of another shape", "issues", { action: "opened" }],
    [
      "an issue that is not crashfix's",
      "issues",
      { action: "opened", issue: { ...issue, body: "hi", labels: [] }, repository },
    ],
  ])("stays quiet for %s", (_name, event, payload) => {
    expect(describeGitHubEvent(event, payload, new Map())).toBeUndefined();
  });
});

describe("the activity printer", () => {
  const clockAt = (ms: number) => new Date(Date.UTC(2026, 11, 4, 10, 0, 0) + ms);
  let lines: string[] = [];
  let now = 0;
  const printer = (options: { burst?: number; progressAfterMs?: number; pending?: number } = {}) =>
    new ActivityPrinter({
      write: (text) => lines.push(text),
      pending: () => options.pending ?? 0,
      now: () => clockAt(now),
      ...(options.burst ? { burst: options.burst } : {}),
      ...(options.progressAfterMs ? { progressAfterMs: options.progressAfterMs } : {}),
    });
  const advance = (ms: number) => {
    now += ms;
    vi.advanceTimersByTime(ms);
  };

  beforeEach(() => {
    vi.useFakeTimers();
    lines = [];
    now = 0;
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("prints the first reports of a second, then one line for the rest", () => {
    const watch = printer({ burst: 2 });
    for (let i = 0; i < 6; i += 1) watch.report(makeReport({ frames: [`f${i % 2}`] }));
    expect(lines).toHaveLength(2);
    advance(1_000);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/report accepted +and 4 more reports \(2 crashes\)\n$/);
  });

  it("prints progress while reports wait and nothing else happens, and not before", () => {
    const watch = printer({ pending: 12, progressAfterMs: 5_000 });
    watch.start();
    advance(4_000);
    expect(lines).toEqual([]);
    advance(2_000);
    expect(lines.at(-1)).toMatch(/waiting +12 reports spooled, not yet on GitHub/);
    watch.stop();
  });

  it("writes no control character a payload carries to the terminal", () => {
    printer().github("issues", {
      action: "opened",
      issue: { ...issue, title: "x\u001b[2Jy" },
      repository,
    });
    expect(lines[0]).toContain("x?[2Jy");
    expect(lines[0]).not.toContain("\u001b");
  });
});
