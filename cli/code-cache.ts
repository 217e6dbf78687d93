import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { builtinModule } from "./builtin-module.js";
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

/**
 * The `require` a CommonJS file gets: built-ins directly, anything else
 * through a real require() made on first need. The scrubber bundle asks
 * only for built-ins (scripts/bundle-capture.mjs keeps packages out).
 */
function requireFor(file: string): NodeJS.Require {
  let real: NodeJS.Require | undefined;
  const fileRequire = (id: string): unknown => {
    if (id.startsWith("node:")) return builtinModule(id);
    real ??= createRequire(file);
    return real(id);
  };
  return fileRequire as NodeJS.Require;
}

/**
 * The shape scripts/bundle-capture.mjs gives the scrubber bundle, so one
 * file loads two ways. require() runs it as a CommonJS module, where `this`
 * is module.exports: the outer function then runs the module. Run as a
 * script (requireWithCodeCache), `this` is the global object and the file's
 * value is the module function itself, called as require() would; no
 * wrapper is concatenated around the source on every crash.
 */
export function asScriptBundle(code: string): string {
  return [
    "(function(load){",
    'return typeof module==="object"&&module!==null&&this===module.exports?',
    "load.call(this,exports,require,module,__filename,__dirname):load",
    "}).call(this,function(exports,require,module,__filename,__dirname){",
    code.trimEnd(),
    "\n});\n",
  ].join("");
}

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
 * Runs a bundle that scripts/bundle-capture.mjs wrote as require() would
 * (same exports, same file name in stack traces), compiled with the code
 * cache in `cacheFile` when that cache is valid for this very source. Such
 * a file, run as a script, evaluates to its module function, so no wrapper
 * is concatenated around ~45 KB of source. Throws for any other file (a
 * file without the build's hash line is not run as a script at all), and
 * what compiling or running it throws; the caller falls back to require().
 */
export function requireWithCodeCache(file: string, cacheFile: string): CachedModule {
  const { Script } = builtinModule<typeof import("node:vm")>("node:vm");
  const source = readFileSync(file, "utf8");
  const key = cacheKey(file, source);
  if (key === undefined) throw new Error(`${file} is not a crashfix bundle`);
  const cachedData = readCache(cacheFile, key);
  const script = new Script(
    source,
    cachedData === undefined ? { filename: file } : { filename: file, cachedData },
  );
  const run: unknown = script.runInThisContext();
  if (typeof run !== "function") throw new Error(`${file} did not evaluate to a module function`);
  const module = { exports: {} as unknown };
  run.call(module.exports, module.exports, requireFor(file), module, file, dirname(file));
  let stale = cachedData === undefined || script.cachedDataRejected === true;
  return {
    exports: module.exports,
    save() {
      if (!stale) return;
      stale = false;
      try {
        const payload = script.createCachedData();
        writeFileAtomic(cacheFile, Buffer.concat([MAGIC, key, payload, payload]));
      } catch {
        // a read-only state directory: the next crash compiles again
      }
    },
  };
}
