import { describe, expect, it } from "vitest";
import { readAutofixInputs } from "../../actions/autofix/autofix-inputs.js";
import { readPromoteInputs } from "../../actions/promote/promote-inputs.js";
import { readPublishInputs } from "../../actions/publish/publish-inputs.js";

const FP = "a".repeat(64);

describe("readPromoteInputs", () => {
  it("fills repo from GITHUB_REPOSITORY and applies the defaults", () => {
    expect(
      readPromoteInputs({
        INPUT_TOKEN: "t",
        "INPUT_TRIAGE-REPO": "acme/triage",
        GITHUB_REPOSITORY: "acme/cli",
      }),
    ).toEqual({
      token: "t",
      repo: "acme/cli",
      "triage-repo": "acme/triage",
      "min-occurrences": 0,
      "min-projects": 1,
      "max-promotions": 10,
      "max-attempts": 3,
    });
  });

  it.each([
    [{ "INPUT_MIN-OCCURRENCES": "-1" }, 'at ["min-occurrences"]'],
    [{ "INPUT_MIN-OCCURRENCES": "1e3" }, 'at ["min-occurrences"]'],
    [{ "INPUT_MAX-PROMOTIONS": "0" }, 'at ["max-promotions"]'],
    [{ "INPUT_TRIAGE-REPO": "acme" }, 'at ["triage-repo"]'],
    [{ "INPUT_TRIAGE-REPO": "acme/cli" }, "same repository"],
    [{ INPUT_TOKEN: "" }, "✖ required: set it under `with:` in the workflow\n  → at token"],
  ])("refuses %j", (override, message) => {
    const env = {
      INPUT_TOKEN: "t",
      "INPUT_TRIAGE-REPO": "acme/triage",
      INPUT_REPO: "acme/cli",
      ...override,
    };
    expect(() => readPromoteInputs(env)).toThrow(message);
  });
});

describe("readAutofixInputs", () => {
  const base = {
    INPUT_FACTS: "{}",
    INPUT_WORKSPACE: "/runner/checkout",
    "INPUT_OUT-DIR": "/tmp/crashfix",
    "INPUT_AGENT-COMMAND": "agent",
    "INPUT_CI-COMMAND": "npm test",
  };

  it("accepts fractional minutes and defaults the caps", () => {
    const inputs = readAutofixInputs({ ...base, "INPUT_AGENT-TIMEOUT-MINUTES": "0.5" });
    expect(inputs).toMatchObject({
      "agent-timeout-minutes": 0.5,
      "ci-timeout-minutes": 20,
      "max-files": 20,
    });
  });

  it.each([
    [{ "INPUT_OUT-DIR": "/runner/checkout/out" }, "inside the workspace"],
    [{ "INPUT_OUT-DIR": "/runner/checkout" }, "inside the workspace"],
    [{ "INPUT_AGENT-COMMAND": "" }, 'at ["agent-command"]'],
    [{ "INPUT_CI-COMMAND": "" }, 'at ["ci-command"]'],
    [{ "INPUT_AGENT-TIMEOUT-MINUTES": "soon" }, 'at ["agent-timeout-minutes"]'],
    [{ "INPUT_AGENT-TIMEOUT-MINUTES": "0" }, 'at ["agent-timeout-minutes"]'],
  ])("refuses %j", (override, message) => {
    expect(() => readAutofixInputs({ ...base, ...override })).toThrow(message);
  });
});

describe("readPublishInputs", () => {
  const base = {
    INPUT_TOKEN: "t",
    INPUT_REPO: "acme/cli",
    "INPUT_TRIAGE-REPO": "acme/triage",
    INPUT_FINGERPRINT: FP,
    INPUT_FACTS: "{}",
    "INPUT_PUBLIC-ISSUE": "7",
    "INPUT_ARTIFACT-DIR": "/tmp/a",
    INPUT_WORKSPACE: "/tmp/w",
  };

  it("opens drafts by default and reads labels as a list", () => {
    expect(readPublishInputs({ ...base, INPUT_LABELS: "crashfix, bot\nfix" })).toMatchObject({
      draft: true,
      labels: ["crashfix", "bot", "fix"],
    });
  });

  it.each([
    [{ INPUT_DRAFT: "yes" }, "at draft"],
    [{ INPUT_FINGERPRINT: "abc" }, "at fingerprint"],
    [{ "INPUT_PUBLIC-ISSUE": "#7" }, 'at ["public-issue"]'],
    [{ INPUT_LABELS: "x".repeat(51) }, "at most 50 characters"],
    [{ "INPUT_COMMIT-NAME": "a$(id)" }, 'at ["commit-name"]'],
  ])("refuses %j", (override, message) => {
    expect(() => readPublishInputs({ ...base, ...override })).toThrow(message);
  });
});
