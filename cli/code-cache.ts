import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { writeFileAtomic } from "./write-file-atomic.js";

// V8's code cache for a CommonJS file the crash path loads (the scrubber
// bundle). Node 20 has no module.enableCompileCache (22.1+), and require()
// compiles every function again in each process; vm.Script with cachedData
// takes the bytecode of the top level and of every function the last run
// compiled. Measured on the development machine for the scrubber in an ES
// module host (node:crypto loaded before): loading it and building the first
// report ~18 ms with require(), ~12 ms with the cache.
//
// V8 checks its own version and flags, but identifies the source only by
// its length, and in release builds it does not checksum the cache (its
// verify_snapshot_checksum flag is on only in debug builds), so a damaged
// file could be deserialised. The cache file therefore names the exact
// source by the hash the build wrote into the bundle's first line (with the
// Node version, architecture, and the file's length and modification
// time), and holds the compiled
// code twice: a damaged file shows as two copies that differ. Comparing
// copies is a native memcmp; every hash available here costs the crash
// path milliseconds (node:crypto ~4 ms to load, node:zlib's crc32 ~3 ms, a
// JavaScript hash of ~100 KB ~2 ms before it is optimised).

const MAGIC = Buffer.from("crashfix-v8-code-cache-2\n", "latin1");
/** The first line of lib/redact/capture.bundle.cjs (scripts/bundle-capture.mjs). */
const SOURCE_HASH_LINE = /^\/\/ crashfix-bundle-sha256: ([0-9a-f]{64})\n/;

// Loaded on first use: node:vm costs a start a fraction of a millisecond.
const load = createRequire(import.meta.url);

/**
 * What the cache must have been made for, or undefined for a source without
 * a build hash. The file's modification time is part of it too, so a bundle
 * edited in place (a patch applied to node_modules) that kept its first line
 * and its length still gets a new cache.
 */
function cacheKey(file: string, source: string): Buffer | undefined {
  const hash = SOURCE_HASH_LINE.exec(source)?.[1];
  if (hash === undefined) return undefined;
  const modified = statSync(file).mtimeMs;
  return Buffer.from(
    `${process.version} ${process.arch} ${source.length} ${modified} ${hash}\n`,
    "latin1",
  );
}

export type CachedModule = {
  exports: unknown;
  /** Writes the cache when none was used; call after the code has run (never throws). */
  save(): void;
};

function readCache(cacheFile: string, key: Buffer): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const header = MAGIC.length + key.length;
  if (file.length <= header || (file.length - header) % 2 !== 0) return undefined;
  if (!file.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (!file.subarray(MAGIC.length, header).equals(key)) return undefined;
  const half = (file.length - header) / 2;
  const payload = file.subarray(header, header + half);
  return payload.equals(file.subarray(header + half)) ? payload : undefined;
}

/**
 * Runs a CommonJS file as require() would (same exports, same file name in
 * stack traces), compiled with the code cache in `cacheFile` when that
 * cache is valid for this very source. Throws what compiling or running
 * the file throws; the caller falls back to require().
 */
export function requireWithCodeCache(file: string, cacheFile: string): CachedModule {
  const { Script } = load("node:vm") as typeof import("node:vm");
  const source = readFileSync(file, "utf8");
  const key = cacheKey(file, source);
  const cachedData = key === undefined ? undefined : readCache(cacheFile, key);
  // The wrapper require() puts around a CommonJS module.
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
    cachedData === undefined ? { filename: file } : { filename: file, cachedData },
  );
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  let stale = key !== undefined && (cachedData === undefined || script.cachedDataRejected === true);
  return {
    exports: module.exports,
    save() {
      if (!stale) return;
      stale = false;
      try {
        const payload = script.createCachedData();
        writeFileAtomic(cacheFile, Buffer.concat([MAGIC, key as Buffer, payload, payload]));
      } catch {
        // a read-only state directory: the next crash compiles again
      }
    },
  };
}
