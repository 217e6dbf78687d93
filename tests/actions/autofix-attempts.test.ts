// The attempt record lives in triage/ (the triage format) but is written and
// read only by the Action, so its tests sit with the Action's.
import { describe, expect, it } from "vitest";
import {
  type AutofixAttempt,
  listAttempts,
  parseAttemptComment,
  renderAttemptComment,
} from "../../triage/autofix-attempts.js";

const attempt: AutofixAttempt = {
  fingerprint: "c".repeat(64),
  outcome: "failed",
  reason: "ci-failed",
  run_url: "https://github.example/acme/cli/actions/runs/1",
  updated_at: "2026-11-25T12:00:00Z",
};

describe("the auto-fix attempt comment", () => {
  it.each([
    [attempt],
    [{ ...attempt, outcome: "proposed" as const, reason: "ok", pull_request: 12 }],
    [
      {
        fingerprint: "d".repeat(64),
        outcome: "running" as const,
        updated_at: "2026-11-25T12:00:00Z",
      },
    ],
  ])("parses back exactly what it rendered: %j", (value) => {
    expect(parseAttemptComment(renderAttemptComment(value, "- refused: `x`"))).toEqual(value);
  });

  it("refuses to render a reason outside its character set", () => {
    expect(() => renderAttemptComment({ ...attempt, reason: "ci failed; rm -rf /" })).toThrow();
  });

  it("keeps a note's --> from closing the hidden state early", () => {
    const body = renderAttemptComment(attempt, "note with --> inside");
    expect(parseAttemptComment(body)).toEqual(attempt);
  });

  it.each([
    [""],
    ["<!-- crashfix:autofix-attempt -->\n<!-- crashfix:autofix-attempt-state {not json} -->"],
    ["a human comment that mentions <!-- crashfix:autofix-attempt -->"],
  ])("returns undefined for %j", (body) => {
    expect(parseAttemptComment(body)).toBeUndefined();
  });

  it("counts every attempt comment, oldest first, even one whose state was edited away", () => {
    const comments = [
      { id: 9, body: renderAttemptComment(attempt) },
      { id: 3, body: "a maintainer's comment" },
      { id: 5, body: "<!-- crashfix:autofix-attempt -->\nstate removed by hand" },
      { id: 7, body: renderAttemptComment({ ...attempt, outcome: "running" }) },
    ];
    expect(listAttempts(comments).map((c) => c.id)).toEqual([5, 7, 9]);
  });
});
