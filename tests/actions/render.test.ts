import { Lexer, type Token } from "marked";
import { describe, expect, it } from "vitest";
import { renderBrief } from "../../actions/autofix/render-brief.js";
import { renderPublicIssue } from "../../actions/promote/render-public-issue.js";
import { renderPullRequest } from "../../actions/publish/render-pull-request.js";
import type { CrashFacts } from "../../actions/shared/facts/crash-facts.js";
import { renderAttemptComment } from "../../triage/autofix-attempts.js";
import { plainTitle } from "../../triage/index.js";

// The renderers are the second line of defence: even values that somehow
// got past the report schema must come out as literal text.
const nasty =
  "````\n# Heading\n<img src=x onerror=alert(1)> @octocat #12 [x](https://evil.example) \u202eevil";

const facts: CrashFacts = {
  fingerprint: "b".repeat(64),
  error_class: nasty,
  stack_signature: [nasty, "main"],
  app: nasty,
  first_seen_version: nasty,
  versions: [nasty],
  platforms: [{ os: nasty, arch: "x64" }],
  phase: nasty,
  occurrences: 3,
  projects: 2,
};

function walk(tokens: Token[], visit: (t: Token) => void): void {
  for (const token of tokens) {
    visit(token);
    const children = (token as { tokens?: Token[] }).tokens;
    if (children) walk(children, visit);
  }
}

// Every token that could render as markup, with the text it carries.
function liveText(markdown: string): string {
  const parts: string[] = [];
  walk(Lexer.lex(markdown), (t) => {
    if (t.type === "code" || t.type === "codespan") return;
    if (t.type === "html" || t.type === "link" || t.type === "heading")
      parts.push(`<${t.type}>${t.raw}`);
    if (t.type === "text" && !("tokens" in t && t.tokens)) parts.push(t.raw);
  });
  return parts.join("\n");
}

describe.each([
  ["public issue", () => renderPublicIssue(facts).body],
  ["brief", () => renderBrief(facts, { ciCommand: "npm test", publicIssue: 3 })],
  [
    "pull request",
    () =>
      renderPullRequest(facts, {
        publicIssue: 3,
        changes: [
          { status: "M", path: nasty, oldMode: "100644", newMode: "100644", binary: false },
        ],
      }).body,
  ],
])("the %s", (_name, render) => {
  it("keeps report strings inside code: no HTML, heading, link, mention or reference", () => {
    const live = liveText(render());
    for (const payload of ["onerror", "# Heading", "@octocat", "#12", "evil.example"]) {
      expect(live).not.toContain(payload);
    }
  });

  it("drops bidi override characters", () => {
    expect(render()).not.toContain("\u202e");
  });
});

describe("plainTitle", () => {
  it.each([
    ["TypeError in greet", "TypeError in greet"],
    ["<b>x</b> `y` $(z)", "_b_x_/b_ _y_ _(z)"],
    ["\u202egnp.exe", "gnp.exe"],
    ["", "crash"],
    ["Crash: javascript:alert in #123", "Crash: javascript_alert in _123"],
    ["Fix crash: E in GH-42", "Fix crash: E in GH_42"],
    ["E in acme/tool#7", "E in acme/tool_7"],
    ["E in @octocat and @acme/team", "E in _octocat and _acme/team"],
    ["E in https://evil.example/x", "E in https_//evil.example/x"],
    ["E in www.evil.example", "E in www_evil.example"],
    ["E in data:text/html", "E in data_text/html"],
    ["Err:ENOENT in node:fs", "Err:ENOENT in node:fs"],
    ["E in handler#fn", "E in handler#fn"],
  ])("turns %j into %j", (input, expected) => {
    expect(plainTitle(input)).toBe(expected);
  });
});

describe("the public issue's opening sentence", () => {
  const base: CrashFacts = { ...facts, error_class: "TypeError", stack_signature: ["mean"] };

  it.each([
    [1, 1, "2026-12-04", "2026-12-04", "It was seen 1 time in 1 distinct project on 2026-12-04."],
    [
      5,
      3,
      "2026-12-01",
      "2026-12-04",
      "It was seen 5 times in 3 distinct projects between 2026-12-01 and 2026-12-04.",
    ],
    // No report carried a project id (run outside any git repository): no count of 0.
    [4, 0, "2026-12-04", "2026-12-04", "It was seen 4 times on 2026-12-04."],
  ])(
    "reads naturally for %i reports from %i projects",
    (occurrences, projects, first, last, sentence) => {
      const body = renderPublicIssue({
        ...base,
        occurrences,
        projects,
        first_seen: first,
        last_seen: last,
      }).body;
      expect(body).toContain(sentence);
    },
  );

  it("renders its footer as GitHub's <sub> text, the one piece of HTML it writes", () => {
    expect(renderPublicIssue(base).body.split("\n").at(-1)).toBe(
      "<sub>Filed by crashfix from scrubbed, whitelisted report fields only.</sub>",
    );
  });
});

describe("an auto-fix attempt comment", () => {
  it.each([
    ["proposed", "ok", 2, "**crashfix** Auto-fix proposed a pull request (acme/cli#2)."],
    ["failed", "ci-failed", undefined, "Reason: the project's CI failed on the agent's change."],
    ["abandoned", "some-new-reason", undefined, "Reason: `some-new-reason`."],
  ] as const)("says %s/%s in words", (outcome, reason, pull, text) => {
    const body = renderAttemptComment(
      {
        fingerprint: "c".repeat(64),
        outcome,
        reason,
        updated_at: "2026-12-04T10:00:00Z",
        ...(pull ? { pull_request: pull } : {}),
        run_url: "https://github.com/acme/cli/actions/runs/7",
      },
      undefined,
      "acme/cli",
    );
    expect(body).toContain(text);
    expect(body).not.toContain("Reason: `ok`");
    expect(body).toContain("[The workflow run](https://github.com/acme/cli/actions/runs/7)");
  });
});
