import { readCodeCache } from "../capture/code-cache.js";
import type * as Client from "../index.js";
import { nodeVm } from "../node-builtins.js";
import type { StartHost } from "./start-host.js";

// Runs the client's start code (cli/index.ts and all it imports, which the
// build bundles into one script and keeps in dist/index.js as a string),
// compiled from V8's code cache where the app's state folder has one.
// Parsing that code and compiling the functions a start calls was about a
// third of what crashfix added to a crash of its host, and half of what it
// added to a run that did not crash (docs/PERFORMANCE.md); from the cache V8
// deserializes the functions it compiled in an earlier run instead.
//
// The cache's key names the Node version, the architecture and the code's
// build id (its SHA-256, written by the build beside it), and a tag: a cache
// kept after a run that captured holds the capture's part of the start
// code too, so a run that captures once replaces a cache kept without it.

const MAGIC = "crashfix-start-1";

export type StartCode = {
  /** The script: a function expression that takes a StartHost and returns the client's exports. */
  source: string;
  /** The build's id for the source. */
  id: string;
  /** What stack traces name its frames by. */
  filename: string;
};

type Tag = "start" | "capture";

/**
 * The client, from `code` run with `host` (which this completes with its
 * startCodeToSave); `cacheFile` is where a cache of the code may be
 * (undefined: compile it, keep nothing).
 */
export function loadStartCode(
  code: StartCode,
  host: Omit<StartHost, "startCodeToSave"> & Partial<StartHost>,
  cacheFile: string | undefined,
): typeof Client {
  const keyOf = (tag: Tag) => `${MAGIC} ${process.version} ${process.arch} ${code.id} ${tag}`;
  const cached =
    cacheFile === undefined
      ? undefined
      : readCodeCache(cacheFile, [keyOf("capture"), keyOf("start")]);
  const script = new (nodeVm().Script)(
    code.source,
    cached === undefined
      ? { filename: code.filename }
      : { filename: code.filename, cachedData: cached.code },
  );
  let asked = false;
  host.startCodeToSave = (captured, file) => {
    if (asked || file !== cacheFile) return undefined;
    asked = true;
    const kept = cached !== undefined && script.cachedDataRejected !== true;
    if (kept && (!captured || cached.key === keyOf("capture"))) return undefined;
    return { file, key: keyOf(captured ? "capture" : "start"), code: script.createCachedData() };
  };
  const run = script.runInThisContext() as (host: StartHost) => typeof Client;
  return run(host as StartHost);
}
