import { readFileSync } from "node:fs";
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
// its length, so the cache file carries a hash of the exact source (and
// of the Node version and architecture), and a hash of the payload against
// a damaged file. Anything that does not match is not handed to V8.

const MAGIC = Buffer.from("crashfix-v8-code-cache-1\n", "latin1");
const HASH_BYTES = 32;
const HEADER = MAGIC.length + 2 * HASH_BYTES;

// Loaded on first use: node:crypto costs a start milliseconds (the
// scrubber loads it anyway, so a crash pays nothing extra), node:vm less.
const load = createRequire(import.meta.url);
const sha256 = (data: string | Uint8Array): Buffer =>
  (load("node:crypto") as typeof import("node:crypto")).createHash("sha256").update(data).digest();

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
  if (file.length <= HEADER || !file.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (!file.subarray(MAGIC.length, MAGIC.length + HASH_BYTES).equals(key)) return undefined;
  const payload = file.subarray(HEADER);
  const expected = file.subarray(MAGIC.length + HASH_BYTES, HEADER);
  return sha256(payload).equals(expected) ? payload : undefined;
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
  const key = sha256(`${process.version}\0${process.arch}\0${source}`);
  const cachedData = readCache(cacheFile, key);
  // The wrapper require() puts around a CommonJS module.
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
    cachedData === undefined ? { filename: file } : { filename: file, cachedData },
  );
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  let stale = cachedData === undefined || script.cachedDataRejected === true;
  return {
    exports: module.exports,
    save() {
      if (!stale) return;
      stale = false;
      try {
        const payload = script.createCachedData();
        writeFileAtomic(cacheFile, Buffer.concat([MAGIC, key, sha256(payload), payload]));
      } catch {
        // a read-only state directory: the next crash compiles again
      }
    },
  };
}
