// Every path under the state and project folders is the folder, resolved
// once, with a plain name appended: the same path path.join gives, without
// normalizing each again on every start.
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { resolvePaths } from "../../cli/config/resolve-paths.js";

const cases = [
  { app: "mycli", home: "/home/ada", cwd: "/work/project" },
  { app: "mycli", home: "/home/ada/", cwd: "/work/project/" },
  { app: "mycli", home: "/home/ada", cwd: "/w", stateDir: "~/state/../state", projectDir: "out" },
  { app: "mycli", home: "/home/ada", cwd: "/w", stateDir: "/", projectDir: "/" },
  { app: "mycli", home: "/", cwd: "/", stateDir: "~", projectDir: "/tmp/./p//q/" },
  { app: "mycli", home: "/home/ada", cwd: "/w", stateDir: "rel/state", projectDir: "../up" },
];

describe("resolvePaths", () => {
  it.each(cases)("gives what path.join gives for %o", (input) => {
    const paths = resolvePaths(input);
    const stateDir = resolve(
      input.cwd,
      (input.stateDir ?? join(input.home, `.${input.app}`)).replace(/^~(?=\/|$)/, input.home),
    );
    const projectDir = resolve(input.cwd, input.projectDir ?? `.${input.app}`);
    expect(paths.stateDir).toBe(stateDir);
    expect(paths.projectDir).toBe(projectDir);
    expect(paths.configFile).toBe(join(stateDir, "config"));
    expect(paths.codeCacheFile).toBe(join(stateDir, "crashfix-scrubber.v8cache"));
    expect(paths.crashDir).toBe(join(projectDir, "crash"));
    expect(paths.flushLockFile).toBe(join(projectDir, "crash", "outbox", ".flush.lock"));
    expect(paths.sentDir).toBe(join(projectDir, "crash", "sent"));
  });
});
