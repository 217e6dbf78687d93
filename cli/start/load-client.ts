import { closeCache, openCache, readCode } from "../code-cache/code-cache-file.js";
import { nodeVm } from "../node-builtins.js";
import {
  START_ONLY,
  type StartCode,
  startCodeFile,
  startCodeKey,
  WITH_CAPTURE,
} from "./start-code-cache.js";

// Runs the client's start code (start/client-core.ts, which the build gives
// dist/index.js as a string) compiled from V8's code cache of it, kept in
// the user's cache folder (user-cache-dir.ts): compiling that code at every
// start of a host, and the functions a crash then calls, costs a crash
// about 2 ms more (docs/PERFORMANCE.md, session 23). That folder is the
// user's own, as the app's state folder that holds the scrubber's cache is,
// and it is known before the host names its app. The start code writes the
// cache as the process exits (save-start-code.ts).

/** `source` run as a script, and how it was compiled; its value is the client's exports. */
export function loadClient<Client>(
  source: string,
  id: string,
  filename: string,
): { client: Client; startCode?: StartCode } {
  const cacheFile = startCodeFile(id);
  const key = startCodeKey(source, id);
  // V8's code for a script is about twice its source; far more is not a cache of it.
  const cache =
    cacheFile === undefined
      ? undefined
      : openCache(cacheFile, key, START_ONLY + WITH_CAPTURE, source.length * 16);
  let cachedData: Buffer | undefined;
  let tag: number | undefined;
  if (cache !== undefined) {
    try {
      const buffer = Buffer.allocUnsafe(cache.codeLength);
      if (readCode(cache, buffer)) {
        cachedData = buffer;
        tag = cache.tag;
      }
    } finally {
      closeCache(cache);
    }
  }
  const script = new (nodeVm().Script)(
    source,
    cachedData === undefined ? { filename } : { filename, cachedData },
  );
  const client = script.runInThisContext() as Client;
  if (cacheFile === undefined) return { client };
  const held =
    tag !== undefined && !script.cachedDataRejected ? String.fromCharCode(tag) : undefined;
  return { client, startCode: { script, cacheFile, key, held } };
}
