import { describe, expect, it } from "vitest";
import { buildReport, normalizeStack, verifyFingerprint } from "../../redact/index.js";
import { reportInput as base } from "./fixtures/report-input.js";

// What the scrubber does with the three kinds of input a maintainer's trial
// (session 15) found grouped or leaked: free text a host passes as a phase or
// class, frames of the user's own code that a host runs, and failures that
// have no frame.

const HOME = "/home/alice";
const CONTEXT = { home: HOME, repoNames: ["alice/payroll-vault"] };

describe("free text a host passes is scrubbed before it is folded to a name", () => {
  it.each([
    ["a home path", `${HOME}/work`],
    ["a home path on Windows", "C:\\Users\\alice\\work"],
    ["the user name", "run for alice"],
    ["a configured repository's name", "sync payroll-vault"],
  ])("a phase holding %s becomes `redacted`, counted", (_what, phase) => {
    const context = phase.startsWith("C:") ? { ...CONTEXT, home: "C:\\Users\\alice" } : CONTEXT;
    const report = buildReport(base({ errorClass: "NonZeroExit", phase, context }));
    expect(report.phase).toBe("redacted");
    expect(report.redactions_count).toBeGreaterThan(0);
    expect(JSON.stringify(report)).not.toMatch(/alice|payroll/i);
  });

  it("a class passed with a home path in it becomes RedactedError, counted", () => {
    const report = buildReport(base({ errorClass: `${HOME}/Failure`, context: CONTEXT }));
    expect(report.error_class).toBe("RedactedError");
    expect(report.redactions_count).toBeGreaterThan(0);
    expect(verifyFingerprint(report)).toBe(true);
  });

  it("a phase with nothing to remove is folded as before", () => {
    const report = buildReport(base({ phase: "iteration 3/ACT", context: CONTEXT }));
    expect(report.phase).toBe("iteration_3_ACT");
    expect(report.redactions_count).toBe(0);
  });
});

describe("a phase with a token split by a character that shows nothing", () => {
  it.each([
    ["U+200B", "\u200b"],
    ["U+200D", "\u200d"],
    ["U+00AD", "\u00ad"],
    ["U+2060", "\u2060"],
    ["U+FEFF", "\ufeff"],
    ["U+FE0F", "\ufe0f"],
    ["U+034F", "\u034f"],
    ["U+180E", "\u180e"],
    ["U+3164", "\u3164"],
    ["U+2800", "\u2800"],
    ["U+E0020", "\u{e0020}"],
  ])("is redacted (%s)", (_name, invisible) => {
    const phase = `gh${invisible}p_abcdefghijklmnopqrstuvwxyz0123456789`;
    const report = buildReport(base({ phase, context: CONTEXT }));
    expect(report.phase).toBe("redacted");
    expect(report.redactions_count).toBeGreaterThan(0);
  });
});

describe("frames of the user's own code that the tool runs are `user-code`", () => {
  const TOOL = "/usr/lib/node_modules/agent";
  const stack = (...frames: string[]) =>
    ["TypeError: x", ...frames.map((frame) => `    at ${frame}`)].join("\n");
  const CONFIG_STACK = stack(
    `file://${HOME}/proj/alice-payroll-migration.config.mjs:2:9`,
    `ModuleJob.run (node:internal/modules/esm/module_job:234:25)`,
    `async loadUserConfig (file://${TOOL}/dist/loader.mjs:4:40)`,
    `async file://${TOOL}/dist/loader.mjs:5:1`,
  );

  it("signs the user's config file by a fixed word, keeping the tool's frames", () => {
    expect(normalizeStack(CONFIG_STACK, { toolRoot: TOOL, workDir: `${HOME}/proj` })).toEqual([
      "user-code",
      "loadUserConfig",
      "anon:loader",
    ]);
  });

  it("without the tool's folder, reads every frame as before", () => {
    expect(normalizeStack(CONFIG_STACK)).toEqual([
      "anon:alice-payroll-migration.config:2",
      "loadUserConfig",
      "anon:loader",
    ]);
  });

  it("collapses the user's consecutive frames, and names none of them", () => {
    const signatures = normalizeStack(
      stack(
        `parseRows (${HOME}/proj/plugins/payroll.js:10:3)`,
        `applyPlugin (${HOME}/proj/plugins/index.js:4:1)`,
        `runPlugins (${TOOL}/dist/plugins.js:9:9)`,
        `main (${TOOL}/dist/cli.js:3:1)`,
      ),
      { toolRoot: TOOL },
    );
    expect(signatures).toEqual(["user-code", "runPlugins", "main"]);
  });

  it.each([
    ["a dependency of the tool", `${TOOL}/node_modules/yaml/dist/parse.js:1:2`, "parse"],
    ["a package the user installed", `${HOME}/proj/node_modules/eslint-plugin-x/i.js:1:2`, "parse"],
    ["a URL source Node's --enable-source-maps wrote", "webpack://x/src/parse.ts:1:2", "user-code"],
    ["a script `vm` ran under a URL-like name", "acmetool:rc:1:2", "user-code"],
    ["a script `vm` ran under a bracketed name", "<toolrc>:1:2", "user-code"],
    ["a script `vm` ran under a relative name", ".toolrc.js:1:2", "user-code"],
    ["a `data:` URL module", "data:text/javascript,export%20default%201:1:2", "user-code"],
    ["a file of the tool", `${TOOL}/dist/parse.js:1:2`, "parse"],
    ["a file of the tool on Windows", "C:\\Tools\\Agent\\dist\\parse.js:1:2", "parse"],
    ["a file of the user's", `${HOME}/proj/parse.js:1:2`, "user-code"],
    ["a file of the user's on Windows", "C:\\Users\\alice\\parse.js:1:2", "user-code"],
    ["a file URL with an escaped space", `file://${HOME}/my%20proj/parse.mjs:1:2`, "user-code"],
    [
      "a file URL of the user's whose query names node_modules",
      `file://${HOME}/proj/tool.config.mjs?v=/node_modules/x#/node_modules/:1:2`,
      "user-code",
    ],
    ["a file URL of the tool's with a query", `file://${TOOL}/dist/parse.mjs?v=2:1:2`, "parse"],
  ])("reads %s", (_what, location, expected) => {
    const toolRoot = location.startsWith("C:") ? "c:\\tools\\agent" : TOOL;
    expect(normalizeStack(stack(`parse (${location})`), { toolRoot })).toEqual([expected]);
  });

  it("reads a frame too long to read (a data: URL module's source) as the user's", () => {
    const source = `data:text/javascript;base64,${"QUJD".repeat(1200)}`;
    const trace = stack(
      `acmePayrollHook (${source}:1:40)`,
      `runHook (${TOOL}/dist/hooks.js:9:9)`,
      `main (${TOOL}/dist/cli.js:3:1)`,
    );
    expect(normalizeStack(trace, { toolRoot: TOOL })).toEqual(["user-code", "runHook", "main"]);
    expect(normalizeStack(trace)).toEqual(["anon:_unread_", "runHook", "main"]);
  });

  it('reads every file outside node_modules as the user\'s when the tool has no folder ("")', () => {
    const trace = stack(
      `acmePayrollRows (${HOME}/proj/rows.mjs:2:9)`,
      `runHook (/opt/agent/dist/hooks.js:9:9)`,
      `parse (${TOOL}/node_modules/yaml/dist/parse.js:1:2)`,
    );
    expect(normalizeStack(trace, { toolRoot: "", workDir: `${HOME}/proj` })).toEqual([
      "user-code",
      "parse",
    ]);
  });

  it("reads a module's top-level await in the user's file as the user's", () => {
    const trace = stack(`async file://${HOME}/proj/setup.mjs:3:1`);
    expect(normalizeStack(trace, { toolRoot: TOOL })).toEqual(["user-code"]);
  });

  it("reads a project kept inside the tool's folder as the user's when the user runs the tool in it", () => {
    const root = "/tmp/trial-agent";
    const trace = stack(
      `${root}/proj10/app.config.mjs:2:9`,
      `loadUserConfig (${root}/loader.mjs:4:40)`,
    );
    expect(normalizeStack(trace, { toolRoot: root, workDir: `${root}/proj10` })).toEqual([
      "user-code",
      "loadUserConfig",
    ]);
    // Run from the tool's own folder, its files are its own.
    expect(normalizeStack(trace, { toolRoot: root, workDir: root })).toEqual([
      "anon:app.config:2",
      "loadUserConfig",
    ]);
  });

  it("buildReport passes the tool's folder through, and the report passes its own checks", () => {
    const report = buildReport(
      base({ stack: CONFIG_STACK, toolRoot: TOOL, workDir: `${HOME}/proj`, context: CONTEXT }),
    );
    expect(report.stack_signature).toEqual(["user-code", "loadUserConfig", "anon:loader"]);
    expect(verifyFingerprint(report)).toBe(true);
    expect(JSON.stringify(report)).not.toMatch(/alice|payroll/i);
  });
});

describe("failures with no frame are not all one group", () => {
  it("signs a frameless exit by its exit code, so exit 4 and exit 5 are two groups", () => {
    const four = buildReport(
      base({ errorClass: "NonZeroExit", exitCode: 4, stack: "NonZeroExit" }),
    );
    const five = buildReport(
      base({ errorClass: "NonZeroExit", exitCode: 5, stack: "NonZeroExit" }),
    );
    expect(four.stack_signature).toEqual(["exit:4"]);
    expect(five.stack_signature).toEqual(["exit:5"]);
    expect(four.fingerprint).not.toBe(five.fingerprint);
    expect(verifyFingerprint(four)).toBe(true);
  });

  it("leaves the exit code out of a signature that has frames", () => {
    const report = buildReport(
      base({
        errorClass: "NonZeroExit",
        exitCode: 4,
        stack: "NonZeroExit\n    at validate (/t/a.js:1:1)",
      }),
    );
    expect(report.stack_signature).toEqual(["validate"]);
  });

  it.each([
    ["null", null],
    ["undefined", undefined],
    ["a plain object with a message", { message: "no config" }],
  ])("classes a capture of %s as NonError, apart from a nameless Error", (_what, value) => {
    expect(buildReport(base({ error: value })).error_class).toBe("NonError");
  });

  it("keeps Error for an Error, and for a report given no value at all", () => {
    expect(buildReport(base({ error: new Error("x") })).error_class).toBe("Error");
    expect(buildReport(base({})).error_class).toBe("Error");
  });
});

// A fourth and fifth trial (session 16): the class of an error is a name
// its maker chose, so it is kept only where the tool's own code made it.
describe("the class of an error not made in the tool's own code", () => {
  const TOOL_ROOT = "/opt/acmetool";
  class AcmePayrollJdoeError extends Error {}
  const classOf = (error: unknown, stack: string | undefined) =>
    buildReport(
      base({
        error,
        ...(stack === undefined ? {} : { stack }),
        toolRoot: TOOL_ROOT,
        workDir: `${HOME}/proj`,
        context: CONTEXT,
      }),
    ).error_class;
  const trace = (...frames: string[]) =>
    ["Error: x", ...frames.map((frame) => `    at ${frame}`)].join("\n");

  it("is kept where the tool's code made it, past the runtime's own frames", () => {
    const error = new AcmePayrollJdoeError("x");
    expect(classOf(error, trace(`toolThrow (${TOOL_ROOT}/cli.mjs:3:9)`))).toBe(
      "AcmePayrollJdoeError",
    );
    expect(
      classOf(error, trace("JSON.parse (<anonymous>)", `readConfig (${TOOL_ROOT}/cli.mjs:3:9)`)),
    ).toBe("AcmePayrollJdoeError");
  });

  it.each([
    [
      "in the user's file",
      trace(`setup (${HOME}/.toolrc.js:1:2)`, `run (${TOOL_ROOT}/cli.mjs:3:9)`),
    ],
    [
      "in code the host evaluated",
      trace(
        `setup (eval at runRc (${TOOL_ROOT}/cli.mjs:3:5), <anonymous>:1:60)`,
        `runRc (${TOOL_ROOT}/cli.mjs:3:5)`,
      ),
    ],
    [
      "in a vm script with no file name",
      trace("setup (evalmachine.<anonymous>:1:2)", `run (${TOOL_ROOT}/cli.mjs:3:9)`),
    ],
    ["with no frame at all (Error.stackTraceLimit = 0)", "Error: x"],
  ])("is the built-in class it is made from when made %s", (_where, stack) => {
    expect(classOf(new AcmePayrollJdoeError("x"), stack)).toBe("Error");
    const named = Object.assign(new TypeError("x"), { name: "AcmePayrollJdoe" });
    expect(classOf(named, stack)).toBe("TypeError");
  });

  it("is the built-in class when the user's class extends one that captures its own stack", () => {
    // `Error.captureStackTrace(this)` in a published base class lists the
    // constructors: the base's first, then the user's class.
    const base = `/usr/lib/node_modules/acme-errors/index.js`;
    const userClass = trace(
      `new BaseError (${base}:1:100)`,
      `new AcmePayrollJdoeError (${HOME}/.toolrc.js:2:1)`,
      `setup (${HOME}/.toolrc.js:4:21)`,
      `run (${TOOL_ROOT}/cli.mjs:3:9)`,
    );
    expect(classOf(new AcmePayrollJdoeError("x"), userClass)).toBe("Error");
    // The tool's own class through the same base keeps its name, and so does
    // the base's class or the tool's that the user's code constructs.
    const toolClass = trace(
      `new BaseError (${base}:1:100)`,
      `new AcmePayrollJdoeError (${TOOL_ROOT}/errors.mjs:2:1)`,
      `setup (${HOME}/.toolrc.js:4:21)`,
    );
    expect(classOf(new AcmePayrollJdoeError("x"), toolClass)).toBe("AcmePayrollJdoeError");
    const onlyConstructors = trace(`new BaseError (${base}:1:100)`);
    expect(classOf(new AcmePayrollJdoeError("x"), onlyConstructors)).toBe("AcmePayrollJdoeError");
  });

  it.each([
    [
      "a helper of the base",
      `captureHere (${"/usr/lib/node_modules/acme-errors/index.js"}:9:3)`,
      "new HelperError",
    ],
    [
      "a method of the base",
      `HelperError.init (${"/usr/lib/node_modules/acme-errors/index.js"}:9:3)`,
      "new HelperError",
    ],
    [
      "an ES5 base called with .call",
      `ES5Error (${"/usr/lib/node_modules/acme-errors/index.js"}:9:3)`,
      undefined,
    ],
  ])("is the built-in class when the stack is captured in %s", (_where, first, baseConstructor) => {
    const base = "/usr/lib/node_modules/acme-errors/index.js";
    const frames = [first];
    if (baseConstructor !== undefined) frames.push(`${baseConstructor} (${base}:2:5)`);
    frames.push(
      `new AcmePayrollJdoeError (${HOME}/.toolrc.js:2:1)`,
      `setup (${HOME}/.toolrc.js:4:21)`,
    );
    expect(classOf(new AcmePayrollJdoeError("x"), trace(...frames))).toBe("Error");
  });

  it("keeps a system error's code only when the system could have set it", () => {
    const user = trace(`setup (${HOME}/.toolrc.js:1:2)`);
    expect(classOf(Object.assign(new Error("x"), { code: "ENOENT" }), user)).toBe("ENOENT");
    expect(classOf(Object.assign(new Error("x"), { code: "EACMEPAYROLLJDOE" }), user)).toBe(
      "Error",
    );
    expect(classOf({ code: "EJDOEPAYROLL" }, user)).toBe("NonError");
  });
});

// A sixth trial (session 16): the same without a tool folder to judge by.
describe("the class of an error when no frame can be the user's file", () => {
  class AcmePayrollJdoeError extends Error {}
  const classOf = (error: unknown, stack: string) =>
    buildReport(base({ error, stack, context: CONTEXT })).error_class;

  it.each([
    ["no frame at all", "Error: x"],
    [
      "a nameless vm script in a tool installed from npm",
      "Error: x\n    at setup (evalmachine.<anonymous>:1:2)\n    at run (/usr/lib/node_modules/acmetool/cli.mjs:3:9)",
    ],
    [
      "vm.compileFunction",
      "Error: x\n    at setup (<anonymous>:1:30)\n    at run (/usr/lib/node_modules/acmetool/cli.mjs:3:9)",
    ],
  ])("is the built-in class with %s", (_what, stack) => {
    expect(classOf(new AcmePayrollJdoeError("x"), stack)).toBe("Error");
  });

  it("keeps a class a published package made, past a builtin's `<anonymous>` frame", () => {
    const stack =
      "Error: x\n    at Array.map (<anonymous>)\n    at parse (/usr/lib/node_modules/acmetool/cli.mjs:3:9)";
    expect(classOf(new AcmePayrollJdoeError("x"), stack)).toBe("AcmePayrollJdoeError");
  });

  it("classes a thrown plain object as NonError whatever its code, unless the system's", () => {
    const stack = "Error: x\n    at run (/usr/lib/node_modules/acmetool/cli.mjs:3:9)";
    expect(classOf({ code: "EJDOEPAYROLL", name: "AcmePayrollJdoe" }, stack)).toBe("NonError");
    expect(classOf({ code: "ENOENT" }, stack)).toBe("ENOENT");
  });

  it("reads a user's config compiled into a dot folder of node_modules as the user's", () => {
    const trace = [
      "Error: x",
      `    at acmePayrollSetup (${HOME}/proj/node_modules/.vite-temp/payroll.config.mjs:1:2)`,
      `    at load (${HOME}/proj/node_modules/acmetool/cli.mjs:3:9)`,
    ].join("\n");
    expect(normalizeStack(trace, { toolRoot: "/opt/acmetool", workDir: `${HOME}/proj` })).toEqual([
      "user-code",
      "load",
    ]);
  });
});
