import { describe, expect, it } from "vitest";
import { crashfixEnv } from "../../cli/config/crashfix-env.js";
import { asTheUserGaveIt, setForChildren } from "../../cli/config/env-for-children.js";

describe("the environment crashfix sets for children", () => {
  it("is set for children and read back as the user gave it in this process", () => {
    const env: Record<string, string | undefined> = { PATH: "/bin" };
    setForChildren(env, "LOKI_TELEMETRY", "off");
    setForChildren(env, "LOKI_MODE_TELEMETRY", "off");
    expect(env).toEqual({ PATH: "/bin", LOKI_TELEMETRY: "off", LOKI_MODE_TELEMETRY: "off" });
    expect(asTheUserGaveIt(env)).toEqual({
      PATH: "/bin",
      LOKI_TELEMETRY: undefined,
      LOKI_MODE_TELEMETRY: undefined,
    });
  });

  it("keeps the user's own value from before the first write, and a value changed since", () => {
    const env: Record<string, string | undefined> = { LOKI_TELEMETRY: "0ff" };
    setForChildren(env, "LOKI_TELEMETRY", "off");
    setForChildren(env, "LOKI_TELEMETRY", "off");
    expect(asTheUserGaveIt(env).LOKI_TELEMETRY).toBe("0ff");
    env.LOKI_TELEMETRY = "on";
    expect(asTheUserGaveIt(env).LOKI_TELEMETRY).toBe("on");
  });

  it("undoes nothing in another environment object: an opt-out the user set there stays", () => {
    setForChildren({}, "LOKI_TELEMETRY", "off");
    const users = { LOKI_TELEMETRY: "off" };
    expect(asTheUserGaveIt(users)).toBe(users);
  });
});

// Each variable that carries the collection decision to a child.
const SWITCHES = {
  DO_NOT_TRACK: "1",
  LOKI_TELEMETRY: "off",
  LOKI_MODE_TELEMETRY_DISABLED: "true",
  CI: "true",
  GITHUB_ACTIONS: "true",
  CRASHFIX_FIRST_RUN: "loki",
};

describe("crashfixEnv(), what a host adds to a child's environment of its own", () => {
  it.each([
    { name: "nothing when no switch is set", env: { PATH: "/bin", HOME: "/h" }, passed: {} },
    {
      name: "DO_NOT_TRACK, every host's telemetry switches, CI markers and the first-run mark",
      env: { PATH: "/bin", API_TOKEN: "secret", ...SWITCHES },
      passed: SWITCHES,
    },
    {
      name: "no empty value and no look-alike name",
      env: { DO_NOT_TRACK: "", TELEMETRY: "off", LOKI_TELEMETRY_URL: "x", CIRCLECI: "" },
      passed: {},
    },
  ])("passes $name", ({ env, passed }) => {
    expect(crashfixEnv(env)).toEqual(passed);
  });
});
