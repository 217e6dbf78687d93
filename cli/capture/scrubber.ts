import { clientFile } from "../bin-path.js";
import { fs, nodeModule, nodeVm } from "../node-builtins.js";
import { writeFileAtomic } from "../store/write-file-atomic.js";
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
// That cache file is `<key> <code length>\n<code><code>`. V8 checks its own
// version and flags but knows the source only by its length, and a release
// build does not checksum the cache, so the key names the Node version, the
// architecture, and the bundle's length and content (a hash of it, which the
// build writes into the code that loads it), and the code is stored twice:
// two copies that differ are a damaged file. Either way a cache that does
// not fit is not used, and is replaced. The key names the bundle's content
// rather than its modification time because reading that time means a stat,
// and the first stat in a process builds Node's Stats object (1.2 M
// instructions with fstat, docs/PERFORMANCE.md); the bundle's length in
// bytes, which the build writes too, spares it. A bundle edited by hand to
// the same length keeps the old code: delete the cache file after such an
// edit.

const SCRUBBER_FILE = "./scrubber.cjs";
const MAGIC = "crashfix-v8-code-cache-5";
/** The header's code length: fixed width, so the header's size is known before it is read. */
const LENGTH_DIGITS = 10;

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

/** Reads up to `length` bytes of the file from `position` into `buffer`; how many came before it ended. */
function readUpTo(fd: number, buffer: Buffer, length: number, position: number): number {
  let filled = 0;
  while (filled < length) {
    const read = fs.readSync(fd, buffer, filled, length - filled, position + filled);
    if (read === 0) break;
    filled += read;
  }
  return filled;
}

/** Fills `length` bytes of `buffer` from `position` of the file; false where the file ends first. */
function readFully(fd: number, buffer: Buffer, length: number, position: number): boolean {
  return readUpTo(fd, buffer, length, position) === length;
}

/** Bytes of the second copy compared at a time: one small buffer, reused. */
const COMPARE_CHUNK = 32 * 1024;

/** The code length a header spells after its key; undefined where it is not digits and a newline. */
function codeLength(header: Buffer, from: number): number | undefined {
  let length = 0;
  for (let at = from; at < from + LENGTH_DIGITS; at += 1) {
    const digit = (header[at] as number) - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    length = length * 10 + digit;
  }
  return header[from + LENGTH_DIGITS] === 0x0a ? length : undefined;
}

/** A cache file open at a header that names the key: where its code starts, and how long it is. */
type OpenCache = { fd: number; codeAt: number; codeLength: number };

/**
 * The cache file opened, when its header names `key` and a code length of
 * at most `maxLength`; the caller closes it. Bytes are compared as bytes
 * (no toString, subarray or byteLength): each Buffer method a crash calls
 * first costs it 0.05-0.08 ms.
 */
function openCache(cacheFile: string, key: string, maxLength: number): OpenCache | undefined {
  let fd: number;
  try {
    fd = fs.openSync(cacheFile, "r");
  } catch {
    return undefined;
  }
  try {
    // No encoding named: Node then skips its encoding lookup (the key is ASCII).
    const keyBytes = Buffer.from(key);
    const header = Buffer.allocUnsafe(keyBytes.length + LENGTH_DIGITS + 1);
    if (
      readFully(fd, header, header.length, 0) &&
      header.compare(keyBytes, 0, keyBytes.length, 0, keyBytes.length) === 0
    ) {
      const length = codeLength(header, keyBytes.length);
      if (length !== undefined && length > 0 && length <= maxLength) {
        return { fd, codeAt: header.length, codeLength: length };
      }
    }
  } catch {
    // unreadable: as if there were none
  }
  fs.closeSync(fd);
  return undefined;
}

/**
 * Reads the cache's code into the start of `buffer` when its two copies
 * agree and nothing follows them. The second copy is read a chunk at a time
 * into one small buffer: reading the whole file into memory touched twice
 * the pages, and each new page costs a crash on a virtual machine ~11-15
 * microseconds.
 */
function readCode({ fd, codeAt, codeLength: length }: OpenCache, buffer: Buffer): boolean {
  try {
    if (!readFully(fd, buffer, length, codeAt)) return false;
    const second = codeAt + length;
    const chunk = Buffer.allocUnsafe(Math.min(COMPARE_CHUNK, length));
    for (let at = 0; at < length; at += chunk.length) {
      const part = Math.min(chunk.length, length - at);
      if (!readFully(fd, chunk, part, second + at)) return false;
      if (buffer.compare(chunk, 0, part, at, at + part) !== 0) return false;
    }
    // The file ends with the second copy.
    return fs.readSync(fd, chunk, 0, 1, second + length) === 0;
  } catch {
    return false;
  }
}

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
  const cache = openCache(cacheFile, key, bytes * 16);
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
    if (cache !== undefined) fs.closeSync(cache.fd);
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
    const code = script.createCachedData();
    const header = `${key}${String(code.length).padStart(LENGTH_DIGITS, "0")}\n`;
    writeFileAtomic(cacheFile, Buffer.concat([Buffer.from(header), code, code]));
  } catch {
    // a read-only state folder: the next crash compiles again
  }
}
