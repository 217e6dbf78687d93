import { homedir } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { homeDirectory } from "../../cli/node-builtins.js";

// process.env is the process's real environment: what is set or deleted
// here is what os.homedir() reads too.
const VARIABLE = process.platform === "win32" ? "USERPROFILE" : "HOME";
const saved = process.env[VARIABLE];

afterEach(() => {
  if (saved === undefined) delete process.env[VARIABLE];
  else process.env[VARIABLE] = saved;
});

describe("homeDirectory answers as os.homedir() does", () => {
  it("with the variable as the machine set it", () => {
    expect(homeDirectory()).toBe(homedir());
  });

  it("with the variable pointing elsewhere", () => {
    process.env[VARIABLE] = "/srv/elsewhere";
    expect(homeDirectory()).toBe("/srv/elsewhere");
    expect(homeDirectory()).toBe(homedir());
  });

  it("with the variable unset (the account's own home)", () => {
    delete process.env[VARIABLE];
    expect(homeDirectory()).toBe(homedir());
  });
});
