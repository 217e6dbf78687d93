import { spawnSync } from "node:child_process";
import { cpSync } from "node:fs";
import { mkdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import * as nodeModule from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Script } from "node:vm";
import { describe, expect, it } from "vitest";
import {
  installedPackage,
  reportFiles,
  runHost,
  type Sandbox,
  shownSandbox,
  withoutNotice,
} from "./helpers.js";

// The scrubber's V8 code cache (cli/capture/scrubber.ts) in the app's state
// folder. A cache that was used is left as it is; one that was missing,
// refused or damaged is replaced (a new file by rename, so a new inode) after
// the report has been written. Where Node has its own compile cache (22.1+),
// the client uses that instead and these cases do not apply.
const cacheOf = (sandbox: Sandbox) => join(sandbox.stateDir, "crashfix-scrubber.v8cache");

async function crashLikeBare(sandbox: Sandbox, env: Record<string, string> = {}): Promise<void> {
  const bare = await runHost(sandbox, "throw", { bare: true, env });
  const result = await runHost(sandbox, "throw", { env });
  expect(result.code).toBe(1);
  expect(withoutNotice(result.stderr)).toBe(bare.stderr);
}

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] ?? 0) ^ 0xff;
  return copy;
}

/** The header's last digit of the code length, one more (9 wraps to 0). */
function offByOne(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at] === 0x39 ? 0x30 : (copy[at] ?? 0x30) + 1;
  return copy;
}

describe.skipIf("enableCompileCache" in nodeModule)(
  "the scrubber's code cache (Node without module.enableCompileCache)",
  () => {
    it("is written by the first crash, owner-only, and used unchanged by the next", async () => {
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
      ["a flipped byte in its first copy", (bytes: Buffer) => flip(bytes, 200)],
      ["a byte too many", (bytes: Buffer) => Buffer.concat([bytes, Buffer.from([0])])],
      ["a flipped byte in its key", (bytes: Buffer) => flip(bytes, 30)],
      ["a code length off by one", (bytes: Buffer) => offByOne(bytes, bytes.indexOf(0x0a) - 1)],
      ["a code length that is not digits", (bytes: Buffer) => flip(bytes, bytes.indexOf(0x0a) - 3)],
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
      await crashLikeBare(sandbox, { NODE_OPTIONS: "--max-old-space-size=300" });
      expect(await reportFiles(sandbox.crashDir)).toHaveLength(2);
      expect((await stat(cacheOf(sandbox))).ino).not.toBe(before.ino);
    });

    it("is not used, nor kept, for a scrubber file edited to another length than the build wrote", async () => {
      const sandbox = await shownSandbox();
      await crashLikeBare(sandbox);
      const built = await stat(cacheOf(sandbox));
      // The host's own copy of the package, its notice's words edited.
      const copy = join(sandbox.root, "crashfix-edited");
      cpSync(installedPackage(), copy, { recursive: true, dereference: true });
      const scrubberFile = join(copy, "dist", "scrubber.cjs");
      const text = await readFile(scrubberFile, "utf8");
      expect(text).toContain("hit an error it did not expect");
      await writeFile(
        scrubberFile,
        text.replace("hit an error it did not expect", "hit an error it did not expect at all"),
      );
      await rm(join(sandbox.project, "node_modules", "crashfix"));
      await symlink(copy, join(sandbox.project, "node_modules", "crashfix"));
      for (let run = 0; run < 2; run += 1) {
        const result = await runHost(sandbox, "throw");
        expect(result.code).toBe(1);
        // The edited code ran, not the code cached from the built file.
        expect(result.stderr).toContain("hit an error it did not expect at all");
      }
      expect(await reportFiles(sandbox.crashDir)).toHaveLength(3);
      // The cache of the built file is left as it was.
      const after = await stat(cacheOf(sandbox));
      expect([after.ino, after.mtimeMs]).toEqual([built.ino, built.mtimeMs]);
    });

    it("is not needed: a state folder where it cannot be written still gets every report", async () => {
      const sandbox = await shownSandbox();
      // A folder where the cache file would go: every read and write of it fails.
      await mkdir(cacheOf(sandbox));
      await crashLikeBare(sandbox);
      await crashLikeBare(sandbox);
      expect(await reportFiles(sandbox.crashDir)).toHaveLength(2);
    });
  },
);

// A capture in a process that goes on (friction reports here) must not turn
// on Node's compile cache for the whole host, so it keeps the scrubber's V8
// code cache on every Node, written once and used from then on.
describe("captures in a process that goes on", () => {
  it("write the scrubber's code cache once and use it, on any Node", async () => {
    const sandbox = await shownSandbox();
    const first = await runHost(sandbox, "friction");
    expect(first.code).toBe(0);
    const written = await stat(cacheOf(sandbox));
    expect(written.mode & 0o777).toBe(0o600);
    const second = await runHost(sandbox, "friction");
    expect(second.code).toBe(0);
    const kept = await stat(cacheOf(sandbox));
    expect(kept.ino).toBe(written.ino);
    expect(kept.mtimeMs).toBe(written.mtimeMs);
    // One friction report per run (the retry loop reaches its count).
    expect(await reportFiles(sandbox.crashDir)).toHaveLength(2);
    // Node's compile cache stays off in the host.
    expect(await stat(join(sandbox.stateDir, "compile-cache")).catch(() => undefined)).toBe(
      undefined,
    );
  });
});

// The built scrubber is one file with two ways in (scripts/build-client.mjs):
// require() and an ES import read its exports, and run as a script (what the
// capture does with the code cache) its value is the exports, with nothing
// left behind in the host's globals.
describe("the built scrubber file", () => {
  const file = join(process.cwd(), "cli/dist/scrubber.cjs");
  const names = [
    "RULES_VERSION",
    "ReportBuildError",
    "buildReport",
    "checkReport",
    "captureReport",
    "formatCrashNotice",
  ];

  it("gives its exports to require() and to an ES import (Node's own loader)", () => {
    const required = nodeModule.createRequire(import.meta.url)(file) as Record<string, unknown>;
    for (const name of names) expect(required[name]).toBeDefined();
    const imported = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(JSON.stringify(Object.keys(m)));`,
      ],
      { encoding: "utf8" },
    );
    expect(imported.stderr).toBe("");
    expect(JSON.parse(imported.stdout)).toEqual(expect.arrayContaining(names));
  });

  it("evaluates to its exports as a script and sets no global", async () => {
    const globalsBefore = Object.getOwnPropertyNames(globalThis).sort();
    const value = new Script(await readFile(file, "utf8"), { filename: file }).runInThisContext();
    expect(Object.keys(value as object).sort()).toEqual(expect.arrayContaining(names));
    expect(typeof (value as { buildReport: unknown }).buildReport).toBe("function");
    expect(Object.getOwnPropertyNames(globalThis).sort()).toEqual(globalsBefore);
  });
});
