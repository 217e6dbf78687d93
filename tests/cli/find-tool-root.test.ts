import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findToolRoot } from "../../cli/capture/find-tool-root.js";

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

/** A home folder with a package.json (what `npm install` in `~` leaves), by its real path. */
async function homeWithPackage(): Promise<string> {
  const root = await realpath(await mkdtemp(join(tmpdir(), "crashfix-tool-root-")));
  roots.push(root);
  const home = join(root, "home", "alice");
  await mkdir(home, { recursive: true });
  await writeFile(join(home, "package.json"), "{}\n");
  return home;
}

async function script(at: string): Promise<string> {
  await mkdir(join(at, ".."), { recursive: true });
  await writeFile(at, "\n");
  return at;
}

describe("findToolRoot", () => {
  it("is the folder of the nearest package.json above the script", async () => {
    const home = await homeWithPackage();
    await mkdir(join(home, "src", "tool", "bin"), { recursive: true });
    await writeFile(join(home, "src", "tool", "package.json"), "{}\n");
    const main = await script(join(home, "src", "tool", "bin", "cli.js"));
    expect(findToolRoot(home, main)).toBe(join(home, "src", "tool"));
  });

  it("stops below the home folder: a script in ~/bin with no package.json is only itself", async () => {
    const home = await homeWithPackage();
    const main = await script(join(home, "bin", "tool.mjs"));
    expect(findToolRoot(home, main)).toBe(main);
  });

  it("never takes the working folder or one above it: a tool kept in the user's project", async () => {
    const home = await homeWithPackage();
    const project = join(home, "payroll");
    await mkdir(join(project, ".yarn", "releases"), { recursive: true });
    await writeFile(join(project, "package.json"), "{}\n");
    const main = await script(join(project, ".yarn", "releases", "acmetool.mjs"));
    expect(findToolRoot(home, main, project)).toBe(main);
    // Run from the project's root, the script is only itself.
    const rootScript = await script(join(project, "acmetool.mjs"));
    expect(findToolRoot(home, rootScript, project)).toBe(rootScript);
    // Elsewhere, the project's package.json is the tool's.
    expect(findToolRoot(home, main, join(home, "other"))).toBe(project);
  });

  it("is the script itself when it is kept in the home folder", async () => {
    const home = await homeWithPackage();
    const main = await script(join(home, "tool.mjs"));
    expect(findToolRoot(home, main)).toBe(main);
  });

  it("knows the home folder by its real path when HOME names a link to it", async () => {
    const home = await homeWithPackage();
    const link = join(home, "..", "..", "home-link");
    await symlink(home, link);
    const main = await script(join(home, "bin", "tool.mjs"));
    expect(findToolRoot(link, main)).toBe(main);
    expect(findToolRoot(link, join(link, "bin", "tool.mjs"))).toBe(main);
  });

  it("walks to the file system's root when no home is known", async () => {
    const home = await homeWithPackage();
    const main = await script(join(home, "bin", "tool.mjs"));
    expect(findToolRoot(undefined, main)).toBe(home);
  });

  it("is undefined with no main script or one that cannot be read", () => {
    expect(findToolRoot("/home/alice", undefined)).toBeUndefined();
    expect(findToolRoot("/home/alice", "")).toBeUndefined();
    expect(findToolRoot("/home/alice", "/nonexistent/crashfix/tool.mjs")).toBeUndefined();
  });
});
