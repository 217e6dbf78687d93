import { describe, expect, it } from "vitest";
import { closestMatch, editDistance } from "../../command-line/closest-match.js";
import {
  helpText,
  type ProgramSpec,
  parseCommandLine,
} from "../../command-line/parse-command-line.js";
import { UsageError } from "../../command-line/usage-error.js";

const program: ProgramSpec = {
  name: "tool",
  summary: "A tool.",
  defaultCommand: "start",
  commands: [
    {
      name: "start",
      summary: "Start it.",
      options: {
        port: { type: "string", value: "N", description: "the port" },
        quiet: { type: "boolean", short: "q", description: "say less" },
        repo: { type: "string", value: "R", multiple: true, description: "a repo" },
      },
    },
    {
      name: "forget",
      summary: "Forget one.",
      args: [{ name: "<fingerprint>", required: true }],
      options: { yes: { type: "boolean", description: "do not ask" } },
    },
  ],
  unknownOptionHint: (name) => (name === "host" ? "set HOST instead" : undefined),
};

describe("closestMatch", () => {
  it.each([
    ["--prot", ["--port", "--quiet"], "--port"],
    ["--ingest", ["--ingest-port", "--github-port"], "--ingest-port"],
    ["--dat", ["--data", "--port"], "--data"],
    ["strat", ["start", "check"], "start"],
    ["--colour", ["--port", "--data"], undefined],
    ["", ["--port"], undefined],
  ])("suggests for %s among %j: %s", (typed, candidates, expected) => {
    expect(closestMatch(typed, candidates)).toBe(expected);
  });

  it("counts a swap of two neighbours as one edit", () => {
    expect(editDistance("prot", "port")).toBe(1);
    expect(editDistance("abc", "abc")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
  });
});

describe("parseCommandLine", () => {
  it("runs the default command when the first word is an option", () => {
    expect(parseCommandLine(program, ["--port", "80", "-q", "--repo", "a", "--repo", "b"])).toEqual(
      {
        kind: "run",
        command: "start",
        values: { port: "80", quiet: true, repo: ["a", "b"] },
        args: [],
      },
    );
  });

  it("runs a named command with its own options and arguments", () => {
    expect(parseCommandLine(program, ["forget", "abc", "--yes"])).toEqual({
      kind: "run",
      command: "forget",
      values: { yes: true },
      args: ["abc"],
    });
  });

  it.each([
    [["--help"], "help"],
    [["-h"], "help"],
    [["forget", "--help"], "help"],
    [["--version"], "version"],
  ])("answers %j with %s before checking arguments", (argv, kind) => {
    expect(parseCommandLine(program, argv).kind).toBe(kind);
  });

  it.each([
    [["--prot", "80"], "unknown option --prot; did you mean --port?"],
    [["--host", "x"], "unknown option --host; set HOST instead"],
    [["--colour"], "unknown option --colour"],
    [["-x"], "unknown option -x"],
    [["--port"], "--port needs a value: --port N"],
    [["--port", "--quiet"], "--port needs a value: --port N"],
    [["--port="], "--port needs a value: --port N"],
    [["--quiet=yes"], '--quiet takes no value (got "yes")'],
    [["--port", "1", "--port", "2"], "--port is given twice; give it once"],
    [["strat"], "unknown command strat; did you mean start?"],
    [["banana"], 'tool takes no argument "banana"'],
    [["forget"], "forget needs <fingerprint>"],
    [["forget", "a", "b"], "too many arguments: forget takes <fingerprint>"],
    [["forget", "a", "--port", "1"], "unknown option --port"],
  ])("refuses %j in our words: %s", (argv, message) => {
    expect(() => parseCommandLine(program, argv)).toThrow(UsageError);
    expect(() => parseCommandLine(program, argv)).toThrow(message);
  });

  it("lists every command and every option in the help", () => {
    const help = helpText(program);
    for (const part of [
      "tool start",
      "(the default)",
      "tool forget <fingerprint>",
      "--port N",
      "-q, --quiet",
      "--repo R",
      "(repeatable)",
      "--yes",
      "-h, --help",
      "--version",
    ]) {
      expect(help).toContain(part);
    }
  });
});
