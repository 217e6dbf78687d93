import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeFolder } from "../../cli/store/make-folder.js";
import { tempFolder } from "../helpers/temp-folders.js";
import { baseEnv, installHost, makeSandbox, run, writeConfig } from "./helpers.js";

describe("makeFolder", () => {
  it("makes a folder and the missing ones above it, owner-only, and takes one that exists", () => {
    const root = tempFolder("crashfix-make-folder-");
    const deep = join(root, "a", "b", "c");
    makeFolder(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    expect(statSync(join(root, "a")).mode & 0o777).toBe(0o700);
    expect(() => makeFolder(deep)).not.toThrow();
  });

  it("gives the mode it is asked for", () => {
    const dir = join(tempFolder("crashfix-make-folder-"), "shared");
    makeFolder(dir, 0o755);
    expect(statSync(dir).mode & 0o777).toBe(0o755);
  });

  it("throws where a file stands in the path", () => {
    const root = tempFolder("crashfix-make-folder-");
    writeFileSync(join(root, "file"), "");
    expect(() => makeFolder(join(root, "file", "sub", "dir"))).toThrow(
      expect.objectContaining({ code: "ENOTDIR" }),
    );
  });

  // procfs answers ENOENT for a child it cannot hold of a folder that exists:
  // Node's `recursive: true` retries that forever at full CPU.
  it.skipIf(!existsSync("/proc/self"))(
    "throws ENOENT under /proc rather than retrying forever",
    () => {
      expect(() => makeFolder("/proc/crashfix-no-such/a/b")).toThrow(
        expect.objectContaining({ code: "ENOENT" }),
      );
    },
  );
});

// A host that crashes in a folder where crashfix cannot make its report
// folder: under /proc, Node's recursive mkdir spun forever and the host
// never exited.
describe("a crash where the report folder cannot be made", () => {
  it.skipIf(!existsSync("/proc/self"))(
    "leaves the host to exit as it would without crashfix",
    async () => {
      const sandbox = await makeSandbox();
      await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
      const script = await installHost(
        sandbox,
        "crash.mjs",
        `import { createCrashReporter } from "crashfix";
createCrashReporter({ app: "loki", version: "1.0.0", repo: "acme/loki" }).install();
throw new TypeError("cannot parse settings");
`,
      );
      const result = await run(process.execPath, [script], {
        cwd: "/proc/self",
        env: baseEnv(sandbox),
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("TypeError: cannot parse settings");
    },
    20_000,
  );
});
