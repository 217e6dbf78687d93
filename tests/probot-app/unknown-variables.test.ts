import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_VARIABLES } from "../../probot-app/config/env-variables.js";
import { isOtherCrashfixVariable } from "../../probot-app/config/other-crashfix-variables.js";
import { unknownVariableWarnings } from "../../probot-app/config/unknown-variables.js";

const ROOT = join(import.meta.dirname, "../..");
// The ingest's own tests set its variables, and plant misspelt ones on purpose.
const INGEST_TESTS = relative(ROOT, import.meta.dirname);

// Where a CRASHFIX_ name can be read from the environment: code, scripts,
// workflows. Built output and dependencies are copies of these.
const SKIPPED_FOLDERS = new Set(["node_modules", "lib", "dist", ".git", "test-artifacts"]);
const READ_FROM = /\.(ts|mts|js|mjs|cjs|sh|ya?ml)$/;
// CRASHFIX_ names that are no environment variable: the triage label's
// constant (triage/labels.ts) and the build's defines (scripts/build-client.mjs).
const NOT_VARIABLES = new Set([
  "CRASHFIX_LABEL",
  "CRASHFIX_SCRUBBER_ID",
  "CRASHFIX_SCRUBBER_BYTES",
  "CRASHFIX_CLIENT_SOURCE",
  "CRASHFIX_CLIENT_ID",
]);

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) yield* sourceFiles(join(dir, entry.name));
    } else if (READ_FROM.test(entry.name)) {
      yield join(dir, entry.name);
    }
  }
}

describe("unknownVariableWarnings", () => {
  it.each([
    ["CRASHFIX_REDIS_ULR", "CRASHFIX_REDIS_URL"],
    ["CRASHFIX_TRIAGE_REPOS", "CRASHFIX_TRIAGE_REPO"],
    ["CRASHFIX_ADMIN_TOKN", "CRASHFIX_ADMIN_TOKEN"],
    ["CRASHFIX_SPOOL_DRI", "CRASHFIX_SPOOL_DIR"],
  ])("names %s and the variable it is closest to, %s", (typed, meant) => {
    expect(unknownVariableWarnings({ [typed]: "x" })).toEqual([
      `${typed} is not a crashfix variable and is ignored; did you mean ${meant}?`,
    ]);
  });

  it("names a variable close to nothing without a guess", () => {
    expect(unknownVariableWarnings({ CRASHFIX_PIZZA_TOPPINGS: "olives" })).toEqual([
      "CRASHFIX_PIZZA_TOPPINGS is not a crashfix variable and is ignored (crashfix-server --help lists the ingest's)",
    ]);
  });

  it("is silent on every variable the ingest reads, on what other crashfix tools read, and on other prefixes", () => {
    const env = Object.fromEntries(Object.keys(ENV_VARIABLES).map((name) => [name, "x"]));
    Object.assign(env, {
      CRASHFIX_ENDPOINT: "https://ingest.example", // the client
      CRASHFIX_URL: "http://127.0.0.1:3000", // crashfix-server forget
      CRASHFIX_GITHUB_TOKEN: "t", // the local GitHub
      CRASHFIX_TELEMETRY: "off", // a host's own opt-out
      CRASHFIX_TEST_PID_FILE: "/tmp/p", // the Action's tests
      REDIS_ULR: "redis://x", // not ours
      crashfix_redis_ulr: "redis://x", // not ours: environment names are case-sensitive
    });
    expect(unknownVariableWarnings(env)).toEqual([]);
  });

  it("knows every CRASHFIX_ name the repository reads", () => {
    const unknown = new Map<string, string>();
    for (const file of sourceFiles(ROOT)) {
      const path = relative(ROOT, file);
      if (path.startsWith(`${INGEST_TESTS}/`)) continue;
      for (const [name] of readFileSync(file, "utf8").matchAll(
        /\bCRASHFIX_[A-Z0-9_]*[A-Z0-9]\b/g,
      )) {
        if (NOT_VARIABLES.has(name) || name in ENV_VARIABLES || isOtherCrashfixVariable(name))
          continue;
        unknown.set(name, path);
      }
    }
    // Each left here is read somewhere: add it to
    // probot-app/config/other-crashfix-variables.ts, saying where.
    expect(Object.fromEntries(unknown)).toEqual({});
  });
});
