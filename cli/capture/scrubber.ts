import type * as Scrubber from "../../redact/capture.js";
import { fs, module, path, url, vm } from "../node-builtins.js";
import { writeFileAtomic } from "../store/write-file-atomic.js";

// The scrubber and the report checks (redact/capture.ts), which the build
// writes beside the client as one CommonJS file (dist/scrubber.cjs). Loaded
// on first use: most runs of a host never capture. Synchronous, because a
// dying process cannot await.
//
// Compiling it is most of what a crash costs, and on Node 20 nothing caches
// compiled code for one file of a library: module.enableCompileCache (Node
// 22.1+) is process-wide, not a library's to turn on for its host. So a
// capture keeps V8's code cache of the scrubber (vm.Script's cachedData, V8's
// facility for one script) in the app's state folder, and the next capture
// starts from it. Measured with bench/cli: a crash adds ~30M fewer
// instructions with it.
//
// The cache file is `<key line><code><code>`. V8 checks its own version and
// flags but knows the source only by its length, and a release build does
// not checksum the cache, so the key names the Node version, the
// architecture and the bundle's length and modification time, and the code
// is stored twice: two copies that differ are a damaged file. Either way a
// cache that does not fit is not used, and is replaced.

const SCRUBBER_FILE = "./scrubber.cjs";
const MAGIC = "crashfix-v8-code-cache-3";

let loaded: typeof Scrubber | undefined;
let unsaved: { script: InstanceType<typeof vm.Script>; key: string; cacheFile: string } | undefined;

function cachedCode(cacheFile: string, key: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const header = Buffer.byteLength(key);
  if (bytes.length <= header || (bytes.length - header) % 2 !== 0) return undefined;
  if (bytes.toString("latin1", 0, header) !== key) return undefined;
  const half = (bytes.length - header) / 2;
  const code = bytes.subarray(header, header + half);
  return code.equals(bytes.subarray(header + half)) ? code : undefined;
}

/** Runs the CommonJS file as require() would, compiled from and for the code cache. */
function runWithCodeCache(file: string, cacheFile: string): typeof Scrubber {
  const source = fs.readFileSync(file, "utf8");
  const key = `${MAGIC} ${process.version} ${process.arch} ${source.length} ${fs.statSync(file).mtimeMs}\n`;
  const cachedData = cachedCode(cacheFile, key);
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
    cachedData === undefined ? { filename: file } : { filename: file, cachedData },
  );
  const moduleObject = { exports: {} as unknown };
  const requireBuiltin = (id: string) => process.getBuiltinModule(id);
  (script.runInThisContext() as (...args: unknown[]) => void).call(
    moduleObject.exports,
    moduleObject.exports,
    requireBuiltin,
    moduleObject,
    file,
    path.dirname(file),
  );
  if (cachedData === undefined || script.cachedDataRejected) unsaved = { script, key, cacheFile };
  return moduleObject.exports as typeof Scrubber;
}

/**
 * The scrubber. With `cacheFile`, compiled with the code cache kept there
 * (call saveScrubberCodeCache once a report is written, so the cache holds
 * the functions a capture runs).
 */
export function scrubber(cacheFile?: string): typeof Scrubber {
  if (loaded !== undefined) return loaded;
  const file = url.fileURLToPath(new URL(SCRUBBER_FILE, import.meta.url));
  if (cacheFile !== undefined) {
    try {
      loaded = runWithCodeCache(file, cacheFile);
      return loaded;
    } catch {
      // a runtime without vm's code cache: plain require() below
    }
  }
  loaded = module.createRequire(import.meta.url)(SCRUBBER_FILE) as typeof Scrubber;
  return loaded;
}

/** Writes the code cache if this process compiled the scrubber without one. Never throws. */
export function saveScrubberCodeCache(): void {
  if (unsaved === undefined) return;
  const { script, key, cacheFile } = unsaved;
  unsaved = undefined;
  try {
    const code = script.createCachedData();
    writeFileAtomic(cacheFile, Buffer.concat([Buffer.from(key, "latin1"), code, code]));
  } catch {
    // a read-only state folder: the next crash compiles again
  }
}
