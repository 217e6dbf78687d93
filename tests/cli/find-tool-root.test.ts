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

  it("stops below the home folder: a script in ~/bin is its folder's, not ~'s", async () => {
    const home = await homeWithPackage();
    const main = await script(join(home, "bin", "tool.mjs"));
    expect(findToolRoot(home, main)).toBe(join(home, "bin"));
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
    expect(findToolRoot(link, main)).toBe(join(home, "bin"));
    expect(findToolRoot(link, join(link, "bin", "tool.mjs"))).toBe(join(home, "bin"));
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
