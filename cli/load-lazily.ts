import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type * as Redact from "../redact/capture.js";
import { type CachedModule, requireWithCodeCache } from "./code-cache.js";
import type * as ConfigSchema from "./config-schema.js";
import type * as FlushState from "./flush-state.js";
import type * as SpawnFlusher from "./spawn-flusher.js";

// zod (which the config schema is built on) takes tens of milliseconds to
// load, and so does the scrubber. A host pays for each only when it needs
// it: on its first crash, when it creates a reporter from an unstamped
// config, or in a crashfix command, never merely by importing crashfix/cli.
// The crash path loads redact/capture.js (bundled into one file), the
// scrubber without zod. require() is synchronous, which the crash path
// needs: a dying process cannot await an import.
let loader: NodeJS.Require | undefined;
/** Made on first use: the first createRequire costs an ES module host ~0.6 ms. */
function load(id: string): unknown {
  loader ??= createRequire(import.meta.url);
  return loader(id);
}

const SCRUBBER_BUNDLE = "../redact/capture.bundle.cjs";

let redact: typeof Redact | undefined;
let cachedScrubber: CachedModule | undefined;
let configSchema: typeof ConfigSchema | undefined;

function loadFirst(candidates: string[]): unknown {
  let missing: unknown;
  for (const candidate of candidates) {
    try {
      return load(candidate);
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
      missing = error;
    }
  }
  throw missing;
}

/**
 * The scrubber and the report check, without zod: the crash path loads it.
 * With `codeCacheFile` (in the app's state directory), compiled with V8's
 * code cache (code-cache.ts); call saveScrubberCodeCache() once a report
 * has been built, so the cache holds the functions a capture runs.
 */
export function loadRedact(codeCacheFile?: string): typeof Redact {
  if (redact !== undefined) return redact;
  // One CommonJS file (scripts/bundle-capture.mjs): a crash pays for one
  // file instead of ~30 ES modules (require() of ES modules, Node >= 20.19,
  // takes about twice as long for the same code). Run from source (tsx,
  // Bun, vitest), there is no bundle and the modules load one by one.
  if (codeCacheFile !== undefined) {
    try {
      // A URL, not require.resolve: resolving costs the crash ~0.4 ms. A
      // missing file (run from source) throws here and falls through.
      const file = fileURLToPath(new URL(SCRUBBER_BUNDLE, import.meta.url));
      cachedScrubber = requireWithCodeCache(file, codeCacheFile);
      redact = cachedScrubber.exports as typeof Redact;
      return redact;
    } catch {
      // no bundle, or vm refused (another runtime): plain require() below
    }
  }
  redact = loadFirst([SCRUBBER_BUNDLE, "../redact/capture.js"]) as typeof Redact;
  return redact;
}

/** Stores the scrubber's code cache if this process compiled it without one. Never throws. */
export function saveScrubberCodeCache(): void {
  cachedScrubber?.save();
}

export function loadConfigSchema(): typeof ConfigSchema {
  configSchema ??= load("./config-schema.js") as typeof ConfigSchema;
  return configSchema;
}

/** Only a start with queued reports looks at the backoff and spawns a flusher. */
export function loadFlushStart(): typeof FlushState & typeof SpawnFlusher {
  return {
    ...(load("./flush-state.js") as typeof FlushState),
    ...(load("./spawn-flusher.js") as typeof SpawnFlusher),
  };
}
