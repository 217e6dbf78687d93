import { describe, expect, it } from "vitest";
import { asTheUserGaveIt, setForChildren } from "../../cli/config/env-for-children.js";

describe("the environment crashfix sets for children", () => {
  it("is set for children and read back as the user gave it in this process", () => {
    const env: Record<string, string | undefined> = { PATH: "/bin" };
    setForChildren(env, "LOKI_TELEMETRY", "off");
    setForChildren(env, "CRASHFIX_FIRST_RUN", "loki");
    expect(env).toEqual({ PATH: "/bin", LOKI_TELEMETRY: "off", CRASHFIX_FIRST_RUN: "loki" });
    expect(asTheUserGaveIt(env)).toEqual({
      PATH: "/bin",
      LOKI_TELEMETRY: undefined,
      CRASHFIX_FIRST_RUN: undefined,
    });
  });

  it("keeps the user's own value from before the first write, and a value changed since", () => {
    const env: Record<string, string | undefined> = { CRASHFIX_FIRST_RUN: "tally" };
    setForChildren(env, "CRASHFIX_FIRST_RUN", "tally,loki");
    setForChildren(env, "CRASHFIX_FIRST_RUN", "tally,loki,lint");
    expect(asTheUserGaveIt(env).CRASHFIX_FIRST_RUN).toBe("tally");
    env.CRASHFIX_FIRST_RUN = "set by the host";
    expect(asTheUserGaveIt(env).CRASHFIX_FIRST_RUN).toBe("set by the host");
  });

  it("undoes nothing in another environment object: an opt-out the user set there stays", () => {
    setForChildren({}, "LOKI_TELEMETRY", "off");
    const users = { LOKI_TELEMETRY: "off" };
    expect(asTheUserGaveIt(users)).toBe(users);
  });
});
