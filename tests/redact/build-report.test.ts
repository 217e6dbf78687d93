import { describe, expect, it } from "vitest";
import { PLATFORM_WORDS } from "../../redact/build-report.js";
import {
  buildReport,
  fingerprint,
  ReportBuildError,
  type ReportInput,
  RULES_VERSION,
  reportSchema,
  verifyFingerprint,
} from "../../redact/index.js";
import { redactValue } from "../../redact/scrubber.js";
import { reportInput as base } from "./fixtures/report-input.js";

/** An AWS access key id (not AWS's documented example, which the scrubber lets through). */
const AWS_KEY = ["AKIA", "QWERTYUIOPASDFGH"].join("");
const STACK = [
  "TypeError: Cannot read properties of undefined (reading 'id') for ada@example.com",
  "    at ApiClient.request (/home/ada/proj/dist/client.js:10:5)",
  "    at main (/home/ada/proj/dist/cli.js:3:1)",
].join("\n");

describe("buildReport", () => {
  it("builds exactly the whitelisted fields", () => {
    const report = buildReport(
      base({ error: new TypeError("x"), stack: STACK, phase: "ACT", exitCode: 1 }),
    );
    expect(report).toEqual({
      schema: "1",
      report_id: "0b6f6c1e-6d3a-4c1f-9a59-0f6a0b1c2d3e",
      app: "loki-mode",
      app_version: "5.3.1",
      os: "linux",
      arch: "x64",
      runtime: { node: "20.20.2" },
      error_class: "TypeError",
      stack_signature: ["request", "main"],
      phase: "ACT",
      exit_code: 1,
      fingerprint: fingerprint("TypeError", ["request", "main"]),
      rules_version: RULES_VERSION,
      redactions_count: 0,
      captured_at: "2026-11-25T12:00:00Z",
    });
  });

  it("drops everything not on the whitelist: the message, paths, env", () => {
    const input = {
      ...base({ error: new Error("token=hunter2 at /home/ada"), stack: STACK }),
      env: { HOME: "/home/ada" },
    };
    const json = JSON.stringify(buildReport(input as ReportInput));
    for (const leaked of ["hunter2", "/home/ada", "ada@example.com", "Cannot read", "env"]) {
      expect(json).not.toContain(leaked);
    }
  });

  it.each([
    ["a system error's code", Object.assign(new Error("x"), { code: "ENOENT" }), "ENOENT"],
    ["the error's name", new RangeError("x"), "RangeError"],
    ["a subclass name", new (class ConfigError extends Error {})("x"), "ConfigError"],
    ["NonError for a thrown string", "oops", "NonError"],
    [
      "the name over an ERR_ code",
      Object.assign(new TypeError("x"), { code: "ERR_INVALID_ARG_TYPE" }),
      "TypeError",
    ],
  ])("takes the error class from %s", (_name, error, expected) => {
    expect(buildReport(base({ error })).error_class).toBe(expected);
  });

  it("takes the class from the stack header when there is no error object", () => {
    expect(buildReport(base({ stack: "SyntaxError: bad\n    at f (/a.js:1:1)" })).error_class).toBe(
      "SyntaxError",
    );
  });

  it("folds an error class into its character set", () => {
    expect(buildReport(base({ errorClass: "Bad Class$Name<x>" })).error_class).toBe(
      "Bad_Class_Name_x_",
    );
  });

  it("replaces an error class that holds a secret, and counts it", () => {
    const report = buildReport(base({ errorClass: AWS_KEY }));
    expect(report.error_class).toBe("RedactedError");
    expect(report.redactions_count).toBeGreaterThan(0);
    expect(verifyFingerprint(report)).toBe(true);
  });

  it("replaces a signature that names a configured repo", () => {
    const report = buildReport(
      base({
        stack: "Error: x\n    at secretproject (/a/b.js:1:1)\n    at main (/a/c.js:1:1)",
        context: { repoNames: ["acme/secretproject"] },
      }),
    );
    expect(report.stack_signature).toEqual(["redacted", "main"]);
    expect(report.redactions_count).toBe(1);
  });

  it("keeps the top five signatures", () => {
    const frames = Array.from({ length: 9 }, (_, i) => `    at f${i} (/a/b.js:1:1)`).join("\n");
    expect(buildReport(base({ stack: `Error: x\n${frames}` })).stack_signature).toEqual([
      "f0",
      "f1",
      "f2",
      "f3",
      "f4",
    ]);
  });

  it("hashes the normalized git remote", () => {
    const a = buildReport(base({ gitRemoteUrl: "git@github.com:Acme/Tool.git" }));
    const b = buildReport(base({ gitRemoteUrl: "https://ghp_x@github.com/acme/tool/" }));
    expect(a.project_id_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.project_id_hash).toBe(b.project_id_hash);
    expect(buildReport(base({ gitRemoteUrl: "not a url" })).project_id_hash).toBeUndefined();
  });

  it("takes the machine's facts from its caller, and names each one missing", () => {
    const report = buildReport(base());
    expect(report.report_id).toBe("0b6f6c1e-6d3a-4c1f-9a59-0f6a0b1c2d3e");
    expect(report.captured_at).toBe("2026-11-25T12:00:00Z");
    expect(() => buildReport({ app: "x", appVersion: "1.0.0" } as ReportInput)).toThrow(
      /platform: required.*arch: required.*runtime: required.*reportId: a lower-case UUID v4.*now: a valid Date/,
    );
  });

  it("strips a leading v from versions", () => {
    const report = buildReport(
      base({ appVersion: "v1.2.3", runtime: { node: "v22.1.0", bun: "1.1.38" } }),
    );
    expect(report.app_version).toBe("1.2.3");
    expect(report.runtime).toEqual({ node: "22.1.0", bun: "1.1.38" });
  });

  it("names a bash script's bash, and drops a runtime version it cannot carry", () => {
    expect(buildReport(base({ runtime: { bash: "5.2.15" } })).runtime).toEqual({ bash: "5.2.15" });
    expect(buildReport(base({ runtime: { bash: "5.2 (1)" } })).runtime).toEqual({});
  });

  it("reads a stack whose getter throws as no stack", () => {
    const error = new Error("x");
    Object.defineProperty(error, "stack", {
      get() {
        throw new Error("boom");
      },
    });
    expect(buildReport(base({ error })).stack_signature).toEqual([]);
  });

  it.each([
    ["an app id with a space", { app: "loki mode" }],
    ["an empty app id", { app: "" }],
    ["a version with a space", { appVersion: "1.0 beta" }],
    ["a non-integer exit code", { exitCode: 1.5 }],
    ["an unknown friction kind", { frictionKind: "other" }],
    ["a report id that is no UUID v4", { reportId: "1234" }],
    ["an invalid date", { now: new Date("nope") }],
    ["a context that is not an object", { context: "home" }],
  ])("refuses %s with INVALID_INPUT", (_name, overrides) => {
    expect(() => buildReport(base(overrides as Partial<ReportInput>))).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT" }),
    );
  });

  it.each([[null], [undefined], ["report"], [42]])("refuses %j with INVALID_INPUT", (input) => {
    expect(() => buildReport(input as unknown as ReportInput)).toThrow(ReportBuildError);
  });

  it("refuses a context whose getters throw with INVALID_INPUT", () => {
    const context = {};
    Object.defineProperty(context, "home", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    expect(() => buildReport(base({ context }))).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT" }),
    );
  });

  it("fails closed with REDACTION_FAILED when a field would still leak a secret", () => {
    expect(() => buildReport(base({ app: AWS_KEY }))).toThrow(
      expect.objectContaining({ name: "ReportBuildError", code: "REDACTION_FAILED" }),
    );
  });

  it("still reports when the tool runs in its own repository", () => {
    const report = buildReport(base({ context: { repoNames: ["acme/loki-mode"] } }));
    expect(report.app).toBe("loki-mode");
  });
});

describe("the platform words buildReport does not scrub twice", () => {
  it("are each left as they are by every scrub rule, so no check of them is skipped wrongly", () => {
    for (const word of PLATFORM_WORDS) expect(redactValue(word)).toBe(word);
  });

  it("leave every other field checked: an app named like a token still fails closed", () => {
    const token = ["ghp_", "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"].join("");
    expect(() => buildReport(base({ platform: "linux", arch: "x64", app: token }))).toThrow(
      expect.objectContaining({ name: "ReportBuildError", code: "REDACTION_FAILED" }),
    );
    const report = buildReport(base({ platform: "linux", arch: "x64" }));
    expect([report.os, report.arch]).toEqual(["linux", "x64"]);
  });
});

describe("reportSchema", () => {
  const valid = buildReport(base({ stack: STACK }));

  it("accepts a built report", () => {
    expect(reportSchema.safeParse(valid).success).toBe(true);
  });

  it.each([
    ["an unknown key", { message: "x" }],
    ["an unknown runtime key", { runtime: { node: "20.0.0", python: "3" } }],
    ["a schema other than 1", { schema: "2" }],
    ["a space in error_class", { error_class: "Type Error" }],
    ["a backtick in error_class", { error_class: "Error`id`" }],
    ["a $ in a signature", { stack_signature: ["$(whoami)"] }],
    ["a newline in a signature", { stack_signature: ["a\nb"] }],
    ["a path in a signature", { stack_signature: ["/home/ada/x.js"] }],
    ["an over-long signature", { stack_signature: ["a".repeat(101)] }],
    ["too many signatures", { stack_signature: Array.from({ length: 21 }, () => "f") }],
    ["an over-long error_class", { error_class: "E".repeat(81) }],
    ["an upper-case fingerprint", { fingerprint: "A".repeat(64) }],
    ["a short fingerprint", { fingerprint: "a".repeat(63) }],
    ["captured_at with milliseconds", { captured_at: "2026-11-25T12:00:00.000Z" }],
    ["captured_at with an offset", { captured_at: "2026-11-25T12:00:00+01:00" }],
    ["a report id that is not v4", { report_id: "0b6f6c1e-6d3a-1c1f-9a59-0f6a0b1c2d3e" }],
    ["a < in app", { app: "<script>" }],
    ["a space in os", { os: "linux x" }],
    ["a negative redaction count", { redactions_count: -1 }],
    ["a fractional exit code", { exit_code: 0.5 }],
    ["an unknown friction kind", { friction_kind: "loop" }],
    ["a quote in phase", { phase: 'ACT"' }],
    ["a project hash with a space", { project_id_hash: `${"a".repeat(63)} ` }],
  ])("rejects %s", (_name, change) => {
    expect(reportSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });

  it.each([
    "schema",
    "report_id",
    "app",
    "app_version",
    "os",
    "arch",
    "runtime",
    "error_class",
    "stack_signature",
    "fingerprint",
    "rules_version",
    "redactions_count",
    "captured_at",
  ])("requires %s", (key) => {
    const copy: Record<string, unknown> = { ...valid };
    delete copy[key];
    expect(reportSchema.safeParse(copy).success).toBe(false);
  });
});

describe("verifyFingerprint", () => {
  const report = buildReport(base({ stack: STACK }));

  it("accepts the fingerprint buildReport computed", () => {
    expect(verifyFingerprint(report)).toBe(true);
  });

  it.each([
    ["another class", { error_class: "RangeError" }],
    ["another signature", { stack_signature: ["other", "main"] }],
    ["a reordered signature", { stack_signature: ["main", "request"] }],
    ["a forged fingerprint", { fingerprint: "0".repeat(64) }],
  ])("rejects %s", (_name, change) => {
    expect(verifyFingerprint({ ...report, ...change })).toBe(false);
  });

  it("returns false on malformed input instead of throwing", () => {
    expect(verifyFingerprint({} as never)).toBe(false);
    expect(
      verifyFingerprint({ error_class: 1, stack_signature: "x", fingerprint: "y" } as never),
    ).toBe(false);
  });
});

// Session 18's trial: a tool the user builds may stamp its version with
// their machine's, account's or repository's name.
describe("the app's version under the user's context", () => {
  const context = { home: "/home/alice.smith", repoNames: ["alice-smith/payroll-secret"] };
  it.each([
    ["1.4.2+alice-smith-laptop", "1.4.2+redacted"],
    ["2.0.0+payroll-secret.7", "2.0.0+redacted"],
    ["v3.1.0-alice.smith", "3.1.0+redacted"],
    ["alice-smith-build", "redacted"],
    [["ghp", "16C7e42F292c6912E7710c838347Ae178B4a"].join("_"), "redacted"],
  ])("%s goes out as %s, counted", (appVersion, expected) => {
    const report = buildReport(base({ appVersion, context, error: new Error("x") }));
    expect(report.app_version).toBe(expected);
    expect(report.redactions_count).toBeGreaterThan(0);
    expect(report.report_id).toBeDefined();
  });

  it("leaves a version the context does not change as it is", () => {
    for (const appVersion of ["1.4.2", "2.0.0-rc.1+build.5", "5.3.1+alice"]) {
      expect(buildReport(base({ appVersion, context, error: new Error("x") })).app_version).toBe(
        appVersion,
      );
    }
  });
});

// Session 20's limits: a repository named like a word the build writes in
// place of a scrubbed value made every report with such a value fail its
// check (nothing was built), and one named like the user's-code marker made
// the user's frames `redacted`.
describe("a repository named like the build's own words", () => {
  const report = (repo: string, errorClass: string, frames: string) =>
    buildReport(
      base({
        errorClass,
        stack: `${errorClass}: x\n    ${frames}`,
        toolRoot: "/tool",
        context: { home: "/home/u", repoRoot: "/home/u/proj", repoNames: [repo] },
      }),
    );

  it.each([
    ["acme/redacted", "TypeError", "at redacted (/tool/a.js:1:1)", "TypeError", ["redacted"]],
    [
      "acme/redacted-error",
      "RedactedErrorThing",
      "at fooRedactedError (/tool/a.js:1:1)",
      "RedactedError",
      ["redacted"],
    ],
    [
      "acme/user-code",
      "TypeError",
      "at run (/home/u/proj/mine.js:1:1)\n    at main (/tool/a.js:1:1)",
      "TypeError",
      ["user-code", "main"],
    ],
  ])("%s: the report is built", (repo, errorClass, frames, expectedClass, expectedSignature) => {
    const built = report(repo, errorClass, frames);
    expect(built.error_class).toBe(expectedClass);
    expect(built.stack_signature).toEqual(expectedSignature);
  });
});

// Session 19's trial: a frame name is folded into the signature's characters
// (`[A-Za-z0-9_.:#-]`), and a name outside ASCII lost the letters the
// scrubber looks for before it looked (`\u0430lice_smith_main` went out as
// `_lice_smith_main`). The frame's words are scrubbed as written too.
describe("frame names outside ASCII under the user's context", () => {
  const stackWith = (frame: string) =>
    `Error: x\n    at ${frame} (/opt/tool/cli.js:10:5)\n    at run (/opt/tool/cli.js:20:5)`;
  it.each([
    ["a Cyrillic a in the account's name", "/home/alice.smith", "\u0430lice_smith_main"],
    ["a Cyrillic o in the repository's name", "/home/bob", "payr\u043ell_secret_sync"],
    ["an invisible space in the repository's name", "/home/bob", "p\u0430yroll\u200bsecret"],
    ["an accented account name", "/home/m\u00fcller", "m\u00fcller_sync"],
    ["a minified frame", "/home/m\u00fcller", "m\u00fcller_x"],
    ["a look-alike capital in a camel-case name", "/home/alice.smith", "fetch\u0410liceSmith"],
    [
      "a name in another script glued",
      "/home/\u0438\u0432\u0430\u043d.\u043f\u0435\u0442\u0440\u043e\u0432",
      "get\u0418\u0432\u0430\u043d\u041f\u0435\u0442\u0440\u043e\u0432",
    ],
  ])("%s is redacted, counted", (_name, home, frame) => {
    const context = { home, repoNames: ["alice-smith/payroll-secret"] };
    const location = frame === "m\u00fcller_x" ? "/opt/tool/cli.min.js:1:20345" : undefined;
    const stack =
      location === undefined
        ? stackWith(frame)
        : `Error: x\n    at ${frame} (${location})\n    at run (/opt/tool/cli.js:20:5)`;
    const report = buildReport(base({ error: new Error("x"), stack, context }));
    expect(report.stack_signature).toEqual(["redacted", "run"]);
    expect(report.redactions_count).toBeGreaterThan(0);
  });

  it("keeps a frame name outside ASCII that holds no name of the context, folded", () => {
    const context = { home: "/home/bob", repoNames: ["acme/widgets"] };
    const report = buildReport(
      base({ error: new Error("x"), stack: stackWith("gr\u00fc\u00dfe"), context }),
    );
    expect(report.stack_signature).toEqual(["gr__e", "run"]);
    expect(report.redactions_count).toBe(0);
  });
});
