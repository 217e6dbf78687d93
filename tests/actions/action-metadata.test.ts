import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  AUTOFIX_INPUTS,
  PREPARE_INPUTS,
  PROMOTE_INPUTS,
  PUBLISH_INPUTS,
} from "../../actions/index.js";
import { repoRoot } from "../../fixtures/actions/world.js";

type ActionYml = {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
};

const load = async () => parse(await readFile(join(repoRoot, "action.yml"), "utf8")) as ActionYml;

describe("action.yml", () => {
  it("runs the committed bundle", async () => {
    const action = await load();
    expect(action.runs.using).toMatch(/^node\d+$/);
    expect(existsSync(join(repoRoot, action.runs.main))).toBe(true);
  });

  it.each([
    ["promote", PROMOTE_INPUTS],
    ["prepare", PREPARE_INPUTS],
    ["autofix", AUTOFIX_INPUTS],
    ["publish", PUBLISH_INPUTS],
  ])("declares every input the %s step reads", async (_step, names) => {
    const declared = Object.keys((await load()).inputs);
    for (const name of names) expect(declared).toContain(name);
  });

  it("declares no input that no step reads", async () => {
    const read = new Set([
      "step",
      ...PROMOTE_INPUTS,
      ...PREPARE_INPUTS,
      ...AUTOFIX_INPUTS,
      ...PUBLISH_INPUTS,
    ]);
    expect(Object.keys((await load()).inputs).filter((name) => !read.has(name))).toEqual([]);
  });

  it("marks only step as required, so each step refuses what it misses with its own message", async () => {
    const required = Object.entries((await load()).inputs).filter(([, v]) => v.required);
    expect(required.map(([name]) => name)).toEqual(["step"]);
  });
});
