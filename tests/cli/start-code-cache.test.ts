import { mkdir, readdir, readFile, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { userCacheDir } from "../../cli/start/user-cache-dir.js";
import { reportFiles, runHost, type Sandbox, shownSandbox, withoutNotice } from "./helpers.js";

// The client's start code run from V8's code cache (cli/start/load-client.ts)
// in the user's cache folder, from a packed and installed crashfix. The
// first run writes it, the first capture after that writes it again with a
// capture's code; any run whose cache is missing, damaged or refused runs
// as it would without one, and the next exit replaces it.

const cacheDirOf = (sandbox: Sandbox) => join(sandbox.home, ".cache", "crashfix");

/** The one cache file in `dir`. */
async function cacheFileIn(dir: string): Promise<string> {
  const names = await readdir(dir);
  expect(names).toEqual([expect.stringMatching(/^client-[0-9a-f]{16}\.v8cache$/)]);
  return join(dir, names[0] as string);
}

/** What the header says the file holds: `s` a start's code, `c` also a capture's. */
async function tagOf(file: string): Promise<string> {
  const bytes = await readFile(file);
  const newline = bytes.indexOf(0x0a);
  return String.fromCharCode(bytes[newline - 11] as number);
}

/** A run of the host, checked against the same run without crashfix. */
async function runLikeBare(
  sandbox: Sandbox,
  mode: "ok" | "throw",
  env: Record<string, string> = {},
): Promise<void> {
  const bare = await runHost(sandbox, mode, { bare: true, env });
  const result = await runHost(sandbox, mode, { env });
  expect(result.code).toBe(mode === "ok" ? 0 : 1);
  expect(result.stdout).toBe(bare.stdout);
  expect(withoutNotice(result.stderr)).toBe(bare.stderr);
}

const identity = async (file: string) => {
  const { ino, mtimeMs } = await stat(file);
  return { ino, mtimeMs };
};

describe("the start code's cache", () => {
  it("is written owner-only by the first run, again by the first crash, then only read", async () => {
    const sandbox = await shownSandbox();
    await runLikeBare(sandbox, "ok");
    const file = await cacheFileIn(cacheDirOf(sandbox));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(cacheDirOf(sandbox))).mode & 0o777).toBe(0o700);
    expect(await tagOf(file)).toBe("s");
    const started = await identity(file);
    await runLikeBare(sandbox, "ok");
    expect(await identity(file)).toEqual(started);

    await runLikeBare(sandbox, "throw");
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(1);
    expect(await tagOf(file)).toBe("c");
    const crashed = await identity(file);
    expect(crashed.ino).not.toBe(started.ino);
    await runLikeBare(sandbox, "throw");
    await runLikeBare(sandbox, "ok");
    expect(await identity(file)).toEqual(crashed);
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(2);
  });

  it("clears the caches of other crashfix builds not written for 30 days as it writes its own", async () => {
    const sandbox = await shownSandbox();
    const dir = cacheDirOf(sandbox);
    await mkdir(dir, { recursive: true });
    const old = join(dir, "client-0123456789abcdef.v8cache");
    const recent = join(dir, "client-fedcba9876543210.v8cache");
    const other = join(dir, "notes.txt");
    for (const file of [old, recent, other]) await writeFile(file, "x");
    const longAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    await utimes(old, longAgo, longAgo);
    await utimes(other, longAgo, longAgo);
    await runLikeBare(sandbox, "ok");
    const names = (await readdir(dir)).sort();
    expect(names).toHaveLength(3);
    expect(names).not.toContain("client-0123456789abcdef.v8cache");
    expect(names).toEqual(expect.arrayContaining(["client-fedcba9876543210.v8cache", "notes.txt"]));
  });

  it("goes under XDG_CACHE_HOME where that is an absolute path, and ignores a relative one", async () => {
    const sandbox = await shownSandbox();
    const xdg = join(sandbox.root, "xdg-cache");
    await runLikeBare(sandbox, "ok", { XDG_CACHE_HOME: xdg });
    await cacheFileIn(join(xdg, "crashfix"));
    await expect(stat(cacheDirOf(sandbox))).rejects.toThrow(/ENOENT/);
    await runLikeBare(sandbox, "ok", { XDG_CACHE_HOME: "relative/cache" });
    await cacheFileIn(cacheDirOf(sandbox));
  });

  const flip = (bytes: Buffer, at: number): Buffer => {
    const copy = Buffer.from(bytes);
    copy[at] = (copy[at] ?? 0) ^ 0xff;
    return copy;
  };
  it.each([
    ["a flipped byte in its compiled code", (bytes: Buffer) => flip(bytes, bytes.length - 100)],
    ["a flipped byte in its key", (bytes: Buffer) => flip(bytes, 25)],
    ["an unknown tag", (bytes: Buffer) => flip(bytes, bytes.indexOf(0x0a) - 11)],
    ["a truncated file", (bytes: Buffer) => bytes.subarray(0, bytes.length >> 1)],
    ["an empty file", () => Buffer.alloc(0)],
  ])("is replaced when it is %s, and the host runs and crashes as usual", async (_, damage) => {
    const sandbox = await shownSandbox();
    await runLikeBare(sandbox, "throw");
    const file = await cacheFileIn(cacheDirOf(sandbox));
    await writeFile(file, damage(await readFile(file)));
    const damaged = await identity(file);
    await runLikeBare(sandbox, "throw");
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(2);
    const replaced = await identity(file);
    expect(replaced.ino).not.toBe(damaged.ino);
    expect(await tagOf(file)).toBe("c");
    await runLikeBare(sandbox, "throw");
    expect(await identity(file)).toEqual(replaced);
  });

  it("is replaced when V8 refuses it (a host run with other V8 flags)", async () => {
    const sandbox = await shownSandbox();
    await runLikeBare(sandbox, "ok");
    const file = await cacheFileIn(cacheDirOf(sandbox));
    const before = await identity(file);
    await runLikeBare(sandbox, "ok", { NODE_OPTIONS: "--max-old-space-size=300" });
    expect((await identity(file)).ino).not.toBe(before.ino);
  });

  // A file in its place makes every write fail, for root too (a folder's
  // mode does not stop root).
  describe("a cache folder that cannot be written", () => {
    it("as a file where the folder would be: every run works and every crash is reported", async () => {
      const sandbox = await shownSandbox();
      await mkdir(join(sandbox.home, ".cache"), { recursive: true });
      await writeFile(cacheDirOf(sandbox), "not a folder\n");
      await runLikeBare(sandbox, "ok");
      await runLikeBare(sandbox, "throw");
      await runLikeBare(sandbox, "throw");
      expect(await readFile(cacheDirOf(sandbox), "utf8")).toBe("not a folder\n");
      expect(await reportFiles(sandbox.crashDir)).toHaveLength(2);
    });
  });
});

describe("userCacheDir", () => {
  const withPlatform = <T>(platform: NodeJS.Platform, run: () => T): T => {
    const own = Object.getOwnPropertyDescriptor(process, "platform");
    Object.defineProperty(process, "platform", { value: platform, configurable: true });
    try {
      return run();
    } finally {
      if (own !== undefined) Object.defineProperty(process, "platform", own);
    }
  };
  const withEnv = <T>(env: Record<string, string | undefined>, run: () => T): T => {
    const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
    const set = (values: Record<string, string | undefined>) => {
      for (const [key, value] of Object.entries(values)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    };
    set(env);
    try {
      return run();
    } finally {
      set(saved);
    }
  };

  it.each([
    ["linux", { HOME: "/home/ana", XDG_CACHE_HOME: undefined }, "/home/ana/.cache/crashfix"],
    ["linux", { HOME: "/home/ana", XDG_CACHE_HOME: "/var/cache/ana" }, "/var/cache/ana/crashfix"],
    ["linux", { HOME: "/home/ana", XDG_CACHE_HOME: "cache" }, "/home/ana/.cache/crashfix"],
    ["freebsd", { HOME: "/usr/home/ana", XDG_CACHE_HOME: "" }, "/usr/home/ana/.cache/crashfix"],
    ["linux", { HOME: undefined, XDG_CACHE_HOME: undefined }, undefined],
    ["linux", { HOME: "home/ana", XDG_CACHE_HOME: undefined }, undefined],
    ["darwin", { HOME: "/Users/ana", XDG_CACHE_HOME: "/x" }, "/Users/ana/Library/Caches/crashfix"],
    [
      "win32",
      { LOCALAPPDATA: "C:\\Users\\ana\\AppData\\Local", USERPROFILE: "C:\\Users\\ana" },
      "C:\\Users\\ana\\AppData\\Local\\crashfix\\Cache",
    ],
    [
      "win32",
      { LOCALAPPDATA: undefined, USERPROFILE: "C:\\Users\\ana" },
      "C:\\Users\\ana\\AppData\\Local\\crashfix\\Cache",
    ],
    ["win32", { LOCALAPPDATA: undefined, USERPROFILE: undefined }, undefined],
  ] as const)("on %s with %o is %s", (platform, env, expected) => {
    expect(withPlatform(platform, () => withEnv(env, userCacheDir))).toBe(expected);
  });
});
