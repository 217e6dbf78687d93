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

async function manifest(dir: string, fields: Record<string, unknown>): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "package.json"), `${JSON.stringify(fields)}\n`);
}

describe("findToolRoot", () => {
  it("is the folder of the nearest package.json above the script that names the app", async () => {
    const home = await homeWithPackage();
    const tool = join(home, "src", "tool");
    await manifest(tool, { name: "acmetool" });
    const main = await script(join(tool, "bin", "cli.js"));
    expect(findToolRoot(home, main, "acmetool")).toBe(tool);
    await manifest(tool, { name: "@acme/acmetool" });
    expect(findToolRoot(home, main, "acmetool")).toBe(tool);
  });

  it("takes a package.json whose bin is called the app, or whose bin or main is the script", async () => {
    const home = await homeWithPackage();
    const tool = join(home, "opt", "acme-internal");
    const main = await script(join(tool, "lib", "main.js"));
    await manifest(tool, { name: "acme-internal", bin: { acmetool: "bin/acme.sh" } });
    expect(findToolRoot(home, main, "acmetool")).toBe(tool);
    await manifest(tool, { name: "acme-internal", bin: { acme: "./lib/main.js" } });
    expect(findToolRoot(home, main, "acmetool")).toBe(tool);
    await manifest(tool, { name: "acme-internal", bin: "lib/main.js" });
    expect(findToolRoot(home, main, "acmetool")).toBe(tool);
    await manifest(tool, { name: "acme-internal", main: "lib/main" });
    expect(findToolRoot(home, main, "acmetool")).toBe(tool);
    // Naming neither the app nor the script, it is not the tool's.
    await manifest(tool, { name: "acme-internal", bin: { acme: "bin/acme.sh" }, main: "index.js" });
    expect(findToolRoot(home, main, "acmetool")).toBe(main);
  });

  it("passes over a package.json that claims nothing: one that only sets the module type", async () => {
    const home = await homeWithPackage();
    const tool = join(home, "src", "tool");
    await manifest(tool, { name: "acmetool" });
    await manifest(join(tool, "bin"), { type: "module" });
    const main = await script(join(tool, "bin", "cli.js"));
    expect(findToolRoot(home, main, "acmetool")).toBe(tool);
    await writeFile(join(tool, "bin", "package.json"), "{ not json\n");
    expect(findToolRoot(home, main, "acmetool")).toBe(tool);
  });

  it("is only the script for a tool kept in the user's project, wherever it is run from", async () => {
    const home = await homeWithPackage();
    const project = join(home, "payroll");
    await manifest(project, { name: "payroll", packageManager: "acmetool@4.1.0" });
    const main = await script(join(project, ".yarn", "releases", "acmetool.mjs"));
    expect(findToolRoot(home, main, "acmetool")).toBe(main);
    const rootScript = await script(join(project, "acmetool.mjs"));
    expect(findToolRoot(home, rootScript, "acmetool")).toBe(rootScript);
  });

  it("is the tool's checkout when its own package.json claims it: a maintainer running it there", async () => {
    const home = await homeWithPackage();
    const checkout = join(home, "src", "acmetool");
    await manifest(checkout, { name: "acmetool", bin: { acmetool: "dist/cli.js" } });
    const main = await script(join(checkout, "dist", "cli.js"));
    expect(findToolRoot(home, main, "acmetool")).toBe(checkout);
  });

  it("stops below the home folder: a script in ~/bin with no package.json is only itself", async () => {
    const home = await homeWithPackage();
    await manifest(home, { name: "acmetool" });
    const main = await script(join(home, "bin", "tool.mjs"));
    expect(findToolRoot(home, main, "acmetool")).toBe(main);
  });

  it("is the script itself when it is kept in the home folder", async () => {
    const home = await homeWithPackage();
    const main = await script(join(home, "tool.mjs"));
    expect(findToolRoot(home, main, "acmetool")).toBe(main);
  });

  it("knows the home folder by its real path when HOME names a link to it", async () => {
    const home = await homeWithPackage();
    await manifest(home, { name: "acmetool" });
    const link = join(home, "..", "..", "home-link");
    await symlink(home, link);
    const main = await script(join(home, "bin", "tool.mjs"));
    expect(findToolRoot(link, main, "acmetool")).toBe(main);
    expect(findToolRoot(link, join(link, "bin", "tool.mjs"), "acmetool")).toBe(main);
  });

  it("walks to the file system's root when no home is known", async () => {
    const home = await homeWithPackage();
    await manifest(home, { name: "acmetool" });
    const main = await script(join(home, "bin", "tool.mjs"));
    expect(findToolRoot(undefined, main, "acmetool")).toBe(home);
  });

  it('is no folder ("") with no main script or one named by no path, and an absolute one as given', () => {
    expect(findToolRoot("/home/alice", undefined, "acmetool")).toBe("");
    expect(findToolRoot("/home/alice", "", "acmetool")).toBe("");
    // A host that set process.argv[1] to its command's name, `.` or a folder.
    expect(findToolRoot("/home/alice", "acmetool", "acmetool")).toBe("");
    expect(findToolRoot("/home/alice", ".", "acmetool")).toBe("");
    expect(findToolRoot("/home/alice", tmpdir(), "acmetool")).toBe("");
    // Deleted while it ran, or a single-file executable's virtual path.
    expect(findToolRoot("/home/alice", "/nonexistent/crashfix/tool.mjs", "acmetool")).toBe(
      "/nonexistent/crashfix/tool.mjs",
    );
  });
});
