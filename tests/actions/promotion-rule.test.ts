import { describe, expect, it } from "vitest";
import { readPromoteInputs } from "../../actions/promote/promote-inputs.js";
import { promotionRule } from "../../actions/promote/promotion-rule.js";
import { emptyCounters } from "../../triage/index.js";

const inputs = (minOccurrences: string, minProjects: string) =>
  readPromoteInputs({
    INPUT_TOKEN: "t",
    "INPUT_TRIAGE-REPO": "acme/triage",
    "INPUT_MIN-OCCURRENCES": minOccurrences,
    "INPUT_MIN-PROJECTS": minProjects,
    GITHUB_REPOSITORY: "acme/cli",
  });

const counted = (total: number, projects: number) => ({
  ...emptyCounters(),
  total,
  distinctProjects: projects,
});

describe("promotionRule", () => {
  it("promotes a confirmed crash whatever its counts", () => {
    expect(promotionRule("crash:confirmed", undefined, inputs("0", "1"))).toBe(
      "confirmed by a maintainer",
    );
  });

  it("names the occurrences and projects that met the threshold rule", () => {
    expect(promotionRule("crash:new", counted(5, 2), inputs("5", "2"))).toBe(
      "5 occurrences from 2 projects",
    );
    expect(promotionRule("crash:new", counted(5, 1), inputs("5", "2"))).toBeUndefined();
    expect(promotionRule("crash:new", counted(4, 2), inputs("5", "2"))).toBeUndefined();
  });

  it("says no count of 0 projects when min-projects 0 lets through reports without a project id", () => {
    expect(promotionRule("crash:new", counted(5, 0), inputs("5", "0"))).toBe("5 occurrences");
  });
});
