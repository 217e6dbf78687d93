import { describe, expect, it } from "vitest";
import { fingerprint, normalizeStack } from "../../redact/index.js";
import { BUGS, RUNTIMES } from "./fixtures/stack-renderings.js";
import { MINIFIED_BUGS, REBUILT_CHUNK, RUNTIME_FRAMES, SAME_BUG } from "./fixtures/stacks.js";

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
  it.each(RUNTIME_FRAMES)("%s: %s", (_runtime, line) => {
    expect(normalizeStack(`Error: x\n${line}\n    at main (/app/dist/cli.js:1:2)`)).toEqual([
      "main",
    ]);
  });
});

describe("minified code: frames are signed by name and position", () => {
  const [bugOne, bugTwo] = MINIFIED_BUGS;

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
