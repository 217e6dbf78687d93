import type * as Scrubber from "../../redact/capture.js";
import { module } from "../node-builtins.js";

// The scrubber and the report checks (redact/capture.ts), which the build
// writes beside the client as one CommonJS file (dist/scrubber.cjs). Loaded
// on first use, because most runs of a host never capture; synchronously,
// because a dying process cannot await.
//
// Compiling it is most of what a crash costs. On runtimes with Node's module
// compile cache (module.enableCompileCache, Node 22.1+) a capture turns it on
// before loading the scrubber, so the next crash starts from compiled code;
// the process is ending, so nothing else of the host's is affected. A host
// that turned it on itself keeps its own directory. Node 20 has no such
// facility and compiles the scrubber each time, within the crash budget
// (docs/PERFORMANCE.md).

const SCRUBBER_FILE = "./scrubber.cjs";

type CompileCache = {
  enableCompileCache?: (directory: string) => unknown;
  flushCompileCache?: () => void;
};
const compileCache = module as unknown as CompileCache;

let loaded: typeof Scrubber | undefined;

/** The scrubber. With `compileCacheDir`, loaded through Node's compile cache kept there, where Node has one. */
export function scrubber(compileCacheDir?: string): typeof Scrubber {
  if (loaded !== undefined) return loaded;
  if (compileCacheDir !== undefined) compileCache.enableCompileCache?.(compileCacheDir);
  loaded = module.createRequire(import.meta.url)(SCRUBBER_FILE) as typeof Scrubber;
  return loaded;
}

/** Writes what the compile cache holds now (Node 22.10+ can be asked; older ones write at exit). */
export function flushScrubberCompileCache(): void {
  try {
    compileCache.flushCompileCache?.();
  } catch {
    // a read-only state folder: the next crash compiles again
  }
}
