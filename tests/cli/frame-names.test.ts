import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { textsInFile, withNamesFromFiles } from "../../cli/capture/map-stack-to-source.js";
import { normalizeStack } from "../../redact/index.js";

// A seventh maintainer trial (session 17): V8 names a frame by its
// function's `name` property, and an unnamed function by the key it was
// called through, so a published wrapper that copies the name of the user's
// function, or a tool that calls a function by a key of the user's config,
// put the user's words into a frame of published or tool code.
let dir: string;
let tool: string;
const wrapper = () => join(tool, "node_modules", "onetime", "index.js");

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "crashfix-frame-names-"));
  tool = join(dir, "tool");
  mkdirSync(join(tool, "node_modules", "onetime"), { recursive: true });
  // As onetime and mimic-function do: the wrapper takes the wrapped function's name.
  writeFileSync(
    wrapper(),
    `module.exports = function onetime(fn) {
  const wrapped = function () { return fn.apply(this, arguments); };
  Object.defineProperty(wrapped, "name", { value: fn.name });
  return wrapped;
};
`,
  );
  writeFileSync(
    join(tool, "cli.js"),
    `const onetime = require("./node_modules/onetime/index.js");
function makeTask() { return function () { throw new TypeError("task failed"); }; }
function runHook(hook) { return onetime(hook)(); }
function runTasks(names) { const api = {}; for (const name of names) { api[name] = makeTask(); api[name](); } }
const user = require(process.argv[3]);
try {
  if (process.argv[2] === "hook") runHook(user.hooks.sync);
  else runTasks(Object.keys(user.tasks));
} catch (error) {
  process.stdout.write(error.stack);
}
`,
  );
  writeFileSync(
    join(dir, "user.config.js"),
    `module.exports = {
  hooks: { sync: function syncAliceSmithPayroll() { throw new TypeError("sync failed"); } },
  tasks: { exportAliceSmithPayrollQ4: {} },
};
`,
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function crash(mode: string): string {
  return execFileSync(process.execPath, [join(tool, "cli.js"), mode, join(dir, "user.config.js")], {
    encoding: "utf8",
  });
}

const own = () => ({ toolRoot: tool, workDir: dir });
const isUserFile = (file: string) => !file.startsWith(`${tool}/`);

describe("withNamesFromFiles", () => {
  it("unnames a published wrapper's frame that carries the user's function's name", () => {
    const stack = crash("hook");
    // What V8 printed: the wrapper's frame under the user's name.
    expect(stack).toContain(`syncAliceSmithPayroll (${wrapper()}`);
    const signatures = normalizeStack(withNamesFromFiles(stack, isUserFile), own());
    expect(signatures.join(" ")).not.toMatch(/Alice/);
    expect(signatures.slice(0, 3)).toEqual(["user-code", "anon:index", "runHook"]);
  });

  it("unnames a tool function called by a key of the user's config", () => {
    const stack = crash("tasks");
    expect(stack).toContain("exportAliceSmithPayrollQ4");
    const signatures = normalizeStack(withNamesFromFiles(stack, isUserFile), own());
    expect(signatures.join(" ")).not.toMatch(/Alice/);
    expect(signatures.slice(0, 2)).toEqual(["anon:cli:2", "runTasks"]);
  });

  it("keeps the names its files hold, and the stack as it was when all are kept", () => {
    const stack = [
      "TypeError: x",
      `    at makeTask (${tool}/cli.js:2:60)`,
      `    at Object.runTasks [as go] (${tool}/cli.js:4:80)`,
      "    at Module._compile (node:internal/modules/cjs/loader:1529:14)",
    ].join("\n");
    expect(withNamesFromFiles(stack, isUserFile)).toBe(stack);
  });

  it("leaves the user's frames to be signed user-code, without reading their files", () => {
    const read: string[] = [];
    const stack = `TypeError: x\n    at secretHelper (${dir}/user.config.js:2:30)`;
    const holds = (file: string) => {
      read.push(file);
      return new Set<string>();
    };
    expect(withNamesFromFiles(stack, isUserFile, holds)).toBe(stack);
    expect(read).toEqual([]);
  });

  it("unnames every frame of a file it cannot read, and never throws", () => {
    const stack = "TypeError: x\n    at parseRows (/nonexistent/tool/cli.js:3:9)";
    expect(withNamesFromFiles(stack)).toBe("TypeError: x\n    at /nonexistent/tool/cli.js:3:9");
    const throwing = () => {
      throw new Error("io");
    };
    expect(withNamesFromFiles(stack, undefined, throwing)).toBe(stack);
  });
});

describe("textsInFile", () => {
  it("finds texts anywhere in a file of several blocks, across a block's end too", () => {
    const file = join(dir, "big.js");
    const block = 65_536;
    const filler = "x".repeat(block - 4);
    writeFileSync(file, `${filler}parseRows${"y".repeat(block)}tail`);
    expect([...textsInFile(file, ["parseRows", "tail", "missing"])].sort()).toEqual([
      "parseRows",
      "tail",
    ]);
  });

  it("finds a name that is not ASCII as the file's UTF-8 spells it", () => {
    const file = join(dir, "unicode.js");
    writeFileSync(file, "function cálculoTotal() {}\n");
    expect([...textsInFile(file, ["cálculoTotal", "cálculo_x"])]).toEqual(["cálculoTotal"]);
  });

  it("finds nothing in a file it cannot read", () => {
    expect(textsInFile(join(dir, "none.js"), ["x"]).size).toBe(0);
  });
});
