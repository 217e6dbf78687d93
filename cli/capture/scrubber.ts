import { clientFile } from "../bin-path.js";
import {
  closeCache,
  openCache,
  readCode,
  readUpTo,
  writeCodeCache,
} from "../code-cache/code-cache-file.js";
import { fs, nodeModule, nodeVm } from "../node-builtins.js";
import type * as Scrubber from "./scrubber-bundle.js";

// The scrubber, the report checks and the capture's own work
// (scrubber-bundle.ts), which the build writes beside the client as one
// CommonJS file (dist/scrubber.cjs). Loaded on first use, because most runs
// of a host never capture; synchronously, because a dying process cannot
// await.
//
// Compiling it is most of what a crash costs, and a crash must add under
// 15 ms to the host's run (docs/PERFORMANCE.md). Where Node has its module
// compile cache (module.enableCompileCache, Node 22.1+), a capture in a
// process that is ending turns it on and loads the scrubber with require(),
// so the next crash starts from compiled code; a host that turned it on
// itself keeps its own directory. Turning it on is for the whole process, so
// a capture in a process that goes on (a handled error, a friction report)
// does not. Every other capture (Node 20 and 22.0, Bun, or a process that
// goes on) keeps V8's code cache of this one file itself (vm.Script's
// cachedData) in the app's state folder: without it a crash on Node 20 goes
// over the budget, and a capture that lets the host go on takes twice as
// long.
//
// The cache file's format is code-cache/code-cache-file.ts's; its key names
// the Node version, the architecture, and the bundle's length and content (a
// hash of it, which the build writes into the code that loads it). The key
// names the bundle's content rather than its modification time because
// reading that time means a stat, and the first stat in a process builds
// Node's Stats object (1.2 M instructions with fstat, docs/PERFORMANCE.md);
// the bundle's length in bytes, which the build writes too, spares it. A
// bundle edited by hand to the same length keeps the old code: delete the
// cache file after such an edit.

const SCRUBBER_FILE = "./scrubber.cjs";
const MAGIC = "crashfix-v8-code-cache-6";
/** The one tag the scrubber's cache files carry. */
const TAG = "s";
// Set by the build to the scrubber bundle's content hash and its length in
// bytes (scripts/build-client.mjs).
declare const CRASHFIX_SCRUBBER_ID: string | undefined;
declare const CRASHFIX_SCRUBBER_BYTES: number | undefined;
const scrubberId = typeof CRASHFIX_SCRUBBER_ID === "string" ? CRASHFIX_SCRUBBER_ID : "unbuilt";
const scrubberBytes =
  typeof CRASHFIX_SCRUBBER_BYTES === "number" ? CRASHFIX_SCRUBBER_BYTES : undefined;

/**
 * Where this copy of crashfix loads its scrubber from: beside its own code
 * (a CLI that bundles crashfix must ship it beside its bundle).
 */
export function scrubberPath(): string {
  return clientFile(SCRUBBER_FILE.slice(2));
}

type CompileCache = {
  enableCompileCache?: (directory: string) => unknown;
  flushCompileCache?: () => void;
};
/**
 * Node's compile cache where this runtime may have one. It came in Node
 * 22.1: on older Node (the build machine's 20), loading node:module only to
 * learn that would cost a crash 0.2 ms.
 */
const nodeCompileCache = (): CompileCache =>
  Number.parseInt(process.versions.node, 10) >= 22 ? (nodeModule() as unknown as CompileCache) : {};

/** Where a capture in an ending process keeps compiled code. */
export type CodeCachePlaces = { compileCacheDir: string; codeCacheFile: string };

let loaded: typeof Scrubber | undefined;
/** Node's compile cache, once an ending process's capture has turned it on (or found it on). */
let compileCacheOn: CompileCache | undefined;
let unsaved: { script: import("node:vm").Script; key: string; cacheFile: string } | undefined;

/** Reads the file into `buffer` from its start until it ends or the buffer is full; how many bytes. */
function readInto(file: string, buffer: Buffer): number {
  const fd = fs.openSync(file, "r");
  try {
    return readUpTo(fd, buffer, buffer.length, 0);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Runs the scrubber file as a script, compiled from and for the code cache.
 * The build writes it so that, run as a script, its value is its exports
 * (scripts/build-client.mjs).
 *
 * The source and then the cached code are read into one buffer: a crash
 * touched about 26 more new pages with `readFileSync` and a buffer of the
 * code's own (docs/PERFORMANCE.md). The source's length in bytes is known
 * before it is read (the build writes it), so the cache's header is read
 * first and the buffer made big enough for both.
 */
function runWithCodeCache(file: string, cacheFile: string): typeof Scrubber {
  // An unbuilt client (the tests' sources) asks the file.
  const bytes = scrubberBytes ?? fs.statSync(file).size;
  const key = `${MAGIC} ${process.version} ${process.arch} ${bytes} ${scrubberId} `;
  // V8's code for a script is about twice its source; far more is not a cache of it.
  const cache = openCache(cacheFile, key, TAG, bytes * 16);
  let cachedData: Buffer | undefined;
  let source: string;
  let asBuilt: boolean;
  try {
    // One byte more than the build wrote shows a file that grew since.
    const buffer = Buffer.allocUnsafe(Math.max(bytes + 1, cache?.codeLength ?? 0));
    asBuilt = readInto(file, buffer) === bytes;
    source = asBuilt ? buffer.toString("utf8", 0, bytes) : fs.readFileSync(file, "utf8");
    if (asBuilt && cache !== undefined && readCode(cache, buffer)) {
      cachedData =
        buffer.length === cache.codeLength ? buffer : buffer.subarray(0, cache.codeLength);
    }
  } finally {
    closeCache(cache);
  }
  const script = new (nodeVm().Script)(
    source,
    cachedData === undefined ? { filename: file } : { filename: file, cachedData },
  );
  const scrubberExports = script.runInThisContext() as typeof Scrubber;
  if (typeof scrubberExports?.buildReport !== "function") {
    throw new Error(`${file} did not evaluate to the scrubber's exports`);
  }
  // A file edited by hand to another length than the build wrote is compiled
  // from itself each time: a cache kept under the build's length would run
  // its code once the file is put back.
  if (asBuilt && (cachedData === undefined || script.cachedDataRejected)) {
    unsaved = { script, key, cacheFile };
  }
  return scrubberExports;
}

/**
 * The scrubber. With `places`, compiled through Node's compile cache where
 * Node has one and the process is `ending`, else through V8's code cache of
 * this file; call saveScrubberCode() once a report is written.
 */
export function scrubber(places?: CodeCachePlaces, ending = false): typeof Scrubber {
  if (loaded !== undefined) return loaded;
  if (places !== undefined) {
    const compileCache: CompileCache = ending ? nodeCompileCache() : {};
    if (compileCache.enableCompileCache !== undefined) {
      compileCache.enableCompileCache(places.compileCacheDir);
      compileCacheOn = compileCache;
    } else {
      try {
        loaded = runWithCodeCache(scrubberPath(), places.codeCacheFile);
        return loaded;
      } catch {
        // a runtime without vm's code cache: plain require() below
      }
    }
  }
  // From the scrubber's own path: a host bundled to CommonJS has no import.meta.url.
  loaded = nodeModule().createRequire(scrubberPath())(SCRUBBER_FILE) as typeof Scrubber;
  return loaded;
}

/** Writes the compiled scrubber for the next crash, whichever cache holds it. Never throws. */
export function saveScrubberCode(): void {
  try {
    // Only where an ending process's capture loaded the scrubber through it: a
    // process that goes on writes its cache when it chooses.
    compileCacheOn?.flushCompileCache?.();
  } catch {
    // Node writes it at exit anyway
  }
  if (unsaved === undefined) return;
  const { script, key, cacheFile } = unsaved;
  unsaved = undefined;
  try {
    writeCodeCache(cacheFile, key, TAG, script.createCachedData());
  } catch {
    // a read-only state folder: the next crash compiles again
  }
}
