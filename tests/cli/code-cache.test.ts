import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { asScriptBundle } from "../../cli/code-cache.js";
import {
  assertBuilt,
  makeSandbox,
  reportFiles,
  runHost,
  type Sandbox,
  withoutNotice,
  writeConfig,
} from "./helpers.js";

beforeAll(assertBuilt);

// The scrubber's V8 code cache (cli/code-cache.ts) in the app's state
// directory. A cache that was used is left as it is; one that was missing,
// refused or damaged is replaced (a new file by rename, so a new inode)
// after the report has been written.
const cacheOf = (sandbox: Sandbox) => join(sandbox.stateDir, "crashfix-scrubber.v8cache");

async function shownSandbox(): Promise<Sandbox> {
  const sandbox = await makeSandbox();
  await writeConfig(sandbox, "DISCLOSURE_SHOWN=true\n");
  return sandbox;
}

async function crashLikeBare(sandbox: Sandbox): Promise<void> {
  const bare = await runHost(sandbox, "throw", { bare: true });
  const result = await runHost(sandbox, "throw");
  expect(result.code).toBe(1);
  expect(withoutNotice(result.stderr)).toBe(bare.stderr);
}

describe("the scrubber's code cache", () => {
  it("is written by the first crash and used, unchanged, by the next", async () => {
    const sandbox = await shownSandbox();
    await crashLikeBare(sandbox);
    const first = await stat(cacheOf(sandbox));
    expect(first.mode & 0o777).toBe(0o600);

    await crashLikeBare(sandbox);
    const second = await stat(cacheOf(sandbox));
    expect(second.ino).toBe(first.ino);
    expect(second.mtimeMs).toBe(first.mtimeMs);
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(2);
  });

  it.each([
    ["a flipped byte in the compiled code", (bytes: Buffer) => flip(bytes, bytes.length - 100)],
    ["a flipped byte in the source hash", (bytes: Buffer) => flip(bytes, 30)],
    ["a truncated file", (bytes: Buffer) => bytes.subarray(0, bytes.length >> 1)],
    ["an empty file", () => Buffer.alloc(0)],
    ["some other file", () => Buffer.from("not a code cache\n")],
  ])("is replaced when it is %s, and the crash is captured as usual", async (_, damage) => {
    const sandbox = await shownSandbox();
    await crashLikeBare(sandbox);
    await writeFile(cacheOf(sandbox), damage(await readFile(cacheOf(sandbox))));
    const damaged = await stat(cacheOf(sandbox));

    await crashLikeBare(sandbox);
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(2);
    const replaced = await stat(cacheOf(sandbox));
    expect(replaced.ino).not.toBe(damaged.ino);

    // The replacement is valid: the next crash keeps it.
    await crashLikeBare(sandbox);
    expect((await stat(cacheOf(sandbox))).ino).toBe(replaced.ino);
  });

  it("is replaced when V8 refuses it (a host run with other V8 flags)", async () => {
    const sandbox = await shownSandbox();
    await crashLikeBare(sandbox);
    const before = await stat(cacheOf(sandbox));
    const result = await runHost(sandbox, "throw", {
      env: { NODE_OPTIONS: "--max-old-space-size=300" },
    });
    expect(result.code).toBe(1);
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(2);
    expect((await stat(cacheOf(sandbox))).ino).not.toBe(before.ino);
  });

  it("is not needed: a state directory where it cannot be written still gets every report", async () => {
    const sandbox = await shownSandbox();
    // A directory where the cache file would go: every read and write of it fails.
    await mkdir(cacheOf(sandbox));
    await crashLikeBare(sandbox);
    await crashLikeBare(sandbox);
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(2);
  });
});

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] ?? 0) ^ 0xff;
  return copy;
}

describe("the cache file's own checks (requireWithCodeCache)", () => {
  const HASH_LINE = `// crashfix-bundle-sha256: ${"ab".repeat(32)}\n`;
  /** What scripts/bundle-capture.mjs writes around a bundle. */
  const dual = (body: string) => `${HASH_LINE}${asScriptBundle(body)}`;

  async function module(source: string): Promise<{ file: string; cache: string }> {
    const sandbox = await makeSandbox();
    const file = join(sandbox.root, "mod.cjs");
    await writeFile(file, source);
    return { file, cache: join(sandbox.root, "mod.v8cache") };
  }

  it("holds the compiled code twice behind a key naming the source, and keeps a valid file", async () => {
    const { requireWithCodeCache } = await import("../../cli/code-cache.js");
    const { file, cache } = await module(dual("module.exports = { answer: 42 };"));
    const first = requireWithCodeCache(file, cache);
    expect(first.exports).toEqual({ answer: 42 });
    first.save();
    const bytes = await readFile(cache);
    const header = bytes.indexOf(0x0a, bytes.indexOf(0x0a) + 1) + 1;
    expect(bytes.subarray(0, header).toString("latin1")).toContain("ab".repeat(32));
    const half = (bytes.length - header) / 2;
    expect(Number.isInteger(half)).toBe(true);
    expect(bytes.subarray(header, header + half).equals(bytes.subarray(header + half))).toBe(true);

    const before = await stat(cache);
    const second = requireWithCodeCache(file, cache);
    second.save();
    expect(second.exports).toEqual({ answer: 42 });
    expect((await stat(cache)).mtimeMs).toBe(before.mtimeMs);
  });

  it("makes a new cache when the file is rewritten in place with the same hash line and length", async () => {
    const { requireWithCodeCache } = await import("../../cli/code-cache.js");
    const { file, cache } = await module(dual("module.exports = { answer: 42 };"));
    requireWithCodeCache(file, cache).save();
    const before = await stat(cache);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(file, dual("module.exports = { answer: 43 };"));
    const patched = requireWithCodeCache(file, cache);
    expect(patched.exports).toEqual({ answer: 43 });
    patched.save();
    expect((await stat(cache)).ino).not.toBe(before.ino);
  });

  it("refuses, without running it, a file without the build's hash line (the caller falls back to require())", async () => {
    const { requireWithCodeCache } = await import("../../cli/code-cache.js");
    const { file, cache } = await module(
      "globalThis.crashfixRanAsScript = true;\nmodule.exports = 7;\n",
    );
    expect(() => requireWithCodeCache(file, cache)).toThrow(/not a crashfix bundle/);
    expect((globalThis as { crashfixRanAsScript?: boolean }).crashfixRanAsScript).toBeUndefined();
    await expect(stat(cache)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses a file with the hash line that is not in the bundle's shape", async () => {
    const { requireWithCodeCache } = await import("../../cli/code-cache.js");
    const { file, cache } = await module(`${HASH_LINE}42;\n`);
    expect(() => requireWithCodeCache(file, cache)).toThrow(/module function/);
  });

  it("gives the same module as require() for a file in the bundle's shape", async () => {
    const { requireWithCodeCache } = await import("../../cli/code-cache.js");
    const { createRequire } = await import("node:module");
    const { file, cache } = await module(
      dual('exports.kind = typeof require("node:path").join; exports.self = __filename;'),
    );
    const viaCache = requireWithCodeCache(file, cache).exports;
    const viaRequire = createRequire(file)(file);
    expect(viaCache).toEqual(viaRequire);
    expect(viaCache).toEqual({ kind: "function", self: file });
  });
});
