import { path } from "../node-builtins.js";
import { userCacheDir } from "./user-cache-dir.js";

// The cache of the client's start code: dist/index.js reads it
// (load-client.ts), the start code writes it (save-start-code.ts). Its
// format is code-cache/code-cache-file.ts's; the tag says what it holds.

const MAGIC = "crashfix-start-code-1";
/** The code a start ran. */
export const START_ONLY = "s";
/** That and the code a capture ran: the code a crash runs. */
export const WITH_CAPTURE = "c";

/** The start code compiled, as dist/index.js ran it, and where its cache goes. */
export type StartCode = {
  script: import("node:vm").Script;
  cacheFile: string;
  key: string;
  /** The tag of the cache it ran from; undefined where it compiled the source. */
  held: string | undefined;
};

/** The cache file of the start code with content `id`: one per build of crashfix. Undefined where no home is known. */
export function startCodeFile(id: string): string | undefined {
  const dir = userCacheDir();
  return dir === undefined ? undefined : path.join(dir, `client-${id}.v8cache`);
}

/** Whether a file name in the cache folder is a start code's cache (startCodeFile's names; ids are 16 hex digits). */
export const isStartCodeFile = (name: string): boolean =>
  /^client-[0-9a-f]{16}\.v8cache$/.test(name);

/** The key its header must carry: this Node, this machine, this code. */
export function startCodeKey(source: string, id: string): string {
  return `${MAGIC} ${process.version} ${process.arch} ${source.length} ${id} `;
}
