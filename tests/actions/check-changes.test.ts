import { describe, expect, it } from "vitest";
import {
  type Change,
  checkChanges,
  deniedReason,
} from "../../actions/shared/patch/check-changes.js";

const limits = { maxFiles: 3, maxPatchBytes: 1_000 };
const change = (path: string, extra: Partial<Change> = {}): Change => ({
  status: "M",
  path,
  oldMode: "100644",
  newMode: "100644",
  binary: false,
  ...extra,
});

describe("checkChanges", () => {
  it("accepts a small source change", () => {
    expect(
      checkChanges([change("src/greet.mjs"), change("test/greet.test.mjs")], 400, limits),
    ).toEqual({
      ok: true,
    });
  });

  it.each([
    [".github/workflows/ci.yml"],
    [".GitHub/Workflows/ci.yml"],
    ["packages/a/.github/dependabot.yml"],
    [".gitlab-ci.yml"],
    [".circleci/config.yml"],
    ["Jenkinsfile"],
    [".ci/run"],
    ["package-lock.json"],
    ["packages/web/yarn.lock"],
    ["pnpm-lock.yaml"],
    ["Cargo.lock"],
    ["go.sum"],
    ["AGENTS.md"],
    ["docs/CLAUDE.md"],
    [".cursorrules"],
    [".cursor/rules/x.mdc"],
    [".claude/settings.json"],
    [".npmrc"],
    [".gitmodules"],
    [".gitattributes"],
  ])("refuses a change to %s", (path) => {
    const verdict = checkChanges([change(path)], 10, limits);
    expect(verdict.ok).toBe(false);
    expect(deniedReason(path)).toBeDefined();
  });

  it.each([
    ["src/github-client.ts"],
    ["docs/agents-guide.md"],
    ["test/lockfile.test.ts"],
    ["src/claude.ts"],
  ])("allows an ordinary file named %s", (path) => {
    expect(deniedReason(path)).toBeUndefined();
  });

  it("refuses symbolic links and submodules", () => {
    const verdict = checkChanges(
      [
        change("src/link", { status: "A", oldMode: "000000", newMode: "120000" }),
        change("vendor/x", { newMode: "160000" }),
      ],
      10,
      limits,
    );
    expect(verdict).toEqual({
      ok: false,
      reasons: [
        "adds or changes a symbolic link (src/link)",
        "adds or changes a submodule (vendor/x)",
      ],
    });
  });

  it("refuses binary files", () => {
    expect(checkChanges([change("assets/logo.png", { binary: true })], 10, limits).ok).toBe(false);
  });

  it("refuses more files than the cap and patches over the size cap", () => {
    const many = ["a", "b", "c", "d"].map((p) => change(`src/${p}.ts`));
    expect(checkChanges(many, 10, limits)).toEqual({
      ok: false,
      reasons: ["changes 4 files; the cap is 3"],
    });
    expect(checkChanges([change("src/a.ts")], 1_001, limits)).toEqual({
      ok: false,
      reasons: ["the patch is 1001 bytes; the cap is 1000"],
    });
  });

  it("refuses an empty change", () => {
    expect(checkChanges([], 0, limits)).toEqual({ ok: false, reasons: ["the change is empty"] });
  });
});
