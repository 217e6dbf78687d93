import { describe, expect, it } from "vitest";
import { fingerprint, normalizeStack } from "../../redact/index.js";
import { BUGS, RUNTIMES } from "./fixtures/stack-renderings.js";
import { REBUILT_CHUNK, SAME_BUG } from "./fixtures/stacks.js";

const print = (errorClass: string, stack: string): string =>
  fingerprint(errorClass, normalizeStack(stack));

describe.each(Object.entries(RUNTIMES))("grouping: %s", (_runtime, render) => {
  it.each(BUGS.map((bug) => [bug.name, bug] as const))(
    "renders %s with the fingerprint Node 20 gives it",
    (_name, bug) => {
      const reference = RUNTIMES["Node 20"];
      expect(reference).toBeDefined();
      expect(print(bug.errorClass, render(bug))).toBe(
        print(bug.errorClass, reference?.(bug) ?? ""),
      );
    },
  );

  it("keeps different bugs apart", () => {
    const prints = BUGS.map((bug) => print(bug.errorClass, render(bug)));
    expect(new Set(prints).size).toBe(BUGS.length);
  });
});

describe("runtime frames are dropped whichever runtime prints them", () => {
  it.each([
    ["Node 12-14", "    at processTicksAndRejections (internal/process/task_queues.js:97:5)"],
    ["Node 16-18", "    at processTicksAndRejections (node:internal/process/task_queues:96:5)"],
    [
      "Node 20-24",
      "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
    ],
    ["Node 20, builtin", "    at Array.reduce (<anonymous>)"],
    ["Node 20, Promise.all", "    at async Promise.all (index 3)"],
    ["Node 22, ESM loader", "    at ModuleJob.run (node:internal/modules/esm/module_job:271:25)"],
    ["Bun 1.0-1.1, builtin", "      at reduce (unknown)"],
    ["Bun 1.1, JSON.parse", "      at parse (unknown)"],
    ["Bun 1.1, tick", "      at processTicksAndRejections (native:7:39)"],
    ["Bun 1.1, module loader", "      at moduleEvaluation (native)"],
    ["Bun 1.0, module loader", "      at requestImportModule (native:2)"],
    ["Bun, bun: modules", "      at spawn (bun:child_process:12:3)"],
    ["Bun/JavaScriptCore", "reduce@[native code]"],
    ["JavaScriptCore, bare", "[native code]"],
    ["Deno 1.26+", "    at eventLoopTick (ext:core/01_core.js:175:7)"],
    ["Deno 2", "    at Object.readFileSync (ext:deno_fs/30_fs.js:749:10)"],
    ["Deno before 1.26", "    at async Object.pull (deno:core/01_core.js:140:9)"],
    ["Electron", "    at node:electron/js2c/browser_init:2:109425"],
    ["vm scripts", "    at evalmachine.<anonymous>:1:1"],
  ])("%s: %s", (_runtime, line) => {
    expect(normalizeStack(`Error: x\n${line}\n    at main (/app/dist/cli.js:1:2)`)).toEqual([
      "main",
    ]);
  });
});

describe("minified code: frames are signed by name and position", () => {
  const bundle = (frames: string[]): string =>
    ["TypeError: x", ...frames.map((f) => `    at ${f}`)].join("\n");
  const bugOne = bundle([
    "t (/app/dist/cli.min.js:1:4120)",
    "e (/app/dist/cli.min.js:1:9001)",
    "n (/app/dist/cli.min.js:1:12)",
  ]);
  const bugTwo = bundle([
    "t (/app/dist/cli.min.js:1:7311)",
    "e (/app/dist/cli.min.js:1:9055)",
    "n (/app/dist/cli.min.js:1:12)",
  ]);

  it("keeps two bugs of one bundle apart though both read t <- e <- n", () => {
    expect(normalizeStack(bugOne)).toEqual(["t:cli:1:4120", "e:cli:1:9001", "n:cli:1:12"]);
    expect(print("TypeError", bugOne)).not.toBe(print("TypeError", bugTwo));
  });

  it("groups one bug of one build whatever the install path", () => {
    const elsewhere = bugOne.replaceAll(
      "/app/dist",
      "C:\\Users\\Ada\\AppData\\Roaming\\npm\\node_modules\\tool\\dist",
    );
    expect(print("TypeError", elsewhere)).toBe(print("TypeError", bugOne));
  });

  it("reads a line past 300 columns as minified even without .min in the name", () => {
    expect(normalizeStack("Error: x\n    at t (/app/dist/cli.js:1:20345)")).toEqual([
      "t:cli:1:20345",
    ]);
    expect(normalizeStack("Error: x\n    at run (/app/dist/cli.js:120:17)")).toEqual(["run"]);
  });

  it("gives a rebuilt chunk a new fingerprint when no source map names its frames", () => {
    const chunk = SAME_BUG.find((bug) => bug.bug.includes("minified chunk"));
    const reference = Object.values(chunk?.stacks ?? {})[0] ?? "";
    expect(print("Error", REBUILT_CHUNK)).not.toBe(print("Error", reference));
  });
});
