import { writeCodeCache } from "../code-cache/code-cache-file.js";
import { fs, path } from "../node-builtins.js";
import { removeFile } from "../store/remove-file.js";
import { isStartCodeFile, START_ONLY, WITH_CAPTURE } from "./start-code-cache.js";
import { startHooks } from "./start-hooks.js";

/** A cache of another crashfix build not written for this long is deleted as a new one is written. */
const STALE_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Writes the start code's cache as the process exits (from the reporter's
 * exit listener, which runs once), where dist/index.js ran that code
 * (load-client.ts) and the cache is missing, did not fit, or lacks the code
 * a capture ran and one ran (`captured`): the first run writes it, the first
 * capture after that writes it again. Never throws.
 */
export function saveStartCode(captured: boolean): void {
  const code = startHooks()?.code;
  if (code === undefined) return;
  if (code.held === WITH_CAPTURE || (code.held === START_ONLY && !captured)) return;
  try {
    writeCodeCache(
      code.cacheFile,
      code.key,
      captured ? WITH_CAPTURE : START_ONLY,
      code.script.createCachedData(),
    );
    if (code.held === undefined) removeStaleCaches(code.cacheFile);
  } catch {
    // a read-only cache folder: the next run compiles again
  }
}

/**
 * Each crashfix build keeps a file of its own (every CLI on the machine that
 * embeds crashfix shares them): those of builds no run has written for 30
 * days go when another is written. A build still in use writes its file
 * again at its next run.
 */
function removeStaleCaches(keep: string): void {
  const dir = path.dirname(keep);
  const now = Date.now();
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (file === keep || !isStartCodeFile(name)) continue;
    const written = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs;
    if (written !== undefined && now - written > STALE_MS) removeFile(file);
  }
}
