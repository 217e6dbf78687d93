import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { shellWord } from "../../cli/config/resolve-config.js";

// The hints name the installed crashfix command by its path; the path must
// stay one word when the user pastes the line into a POSIX shell.
describe("a path in a hint", () => {
  it.each([
    ["/usr/lib/node_modules/loki/node_modules/crashfix/dist/bin/crashfix.js"],
    ["/home/alice/My Tools/loki/node_modules/crashfix/dist/bin/crashfix.js"],
    ["/home/o'brien/$HOME/`x`/crashfix.js"],
  ])("%s is one word to sh", (path) => {
    const echoed = spawnSync("sh", ["-c", `printf '%s' ${shellWord(path)}`], { encoding: "utf8" });
    expect(echoed.stdout).toBe(path);
  });

  it("is left bare when it needs no quotes", () => {
    expect(shellWord("/opt/loki/node_modules/crashfix/dist/bin/crashfix.js")).toBe(
      "/opt/loki/node_modules/crashfix/dist/bin/crashfix.js",
    );
  });
});
