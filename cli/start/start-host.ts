import { codeCacheFile } from "../capture/code-cache.js";
import type { CrashfixError } from "../errors.js";
import { writeFileAtomic } from "../store/write-file-atomic.js";

/**
 * What dist/index.js hands the start code it runs (start/load-start-code.ts):
 * the code runs as a script there, so what a module would read from
 * `import.meta` or load with `import()` comes from the loader, and so does
 * the one class both must share (an error the start code throws is an
 * instance of the CrashfixError a host imports).
 */
export type StartHost = {
  /** dist/, where the scrubber and the commands are. */
  dirname: string | undefined;
  url: string;
  CrashfixError: typeof CrashfixError;
  loadCommands(): Promise<typeof import("../commands-entry.js")>;
  /**
   * The start code's compiled code for `file`, once per process, when the
   * cache there was missing, refused, or kept from a run that did not
   * capture while this one did (`captured`); else undefined.
   */
  startCodeToSave(
    captured: boolean,
    file: string,
  ): { file: string; key: string; code: Buffer } | undefined;
};

// The loader's wrapper names its argument so; where this code was imported
// as modules (tests, a host's own bundler) there is none.
declare const crashfixStartHost: StartHost | undefined;

export const startHost: StartHost | undefined =
  typeof crashfixStartHost === "undefined" ? undefined : crashfixStartHost;

/**
 * Keeps the start code's compiled code in `file` (the app's state folder)
 * when the loader asks for it. Never throws: the host is exiting.
 */
export function saveStartCode(captured: boolean, file: string): void {
  try {
    const save = startHost?.startCodeToSave(captured, file);
    if (save !== undefined) writeFileAtomic(save.file, codeCacheFile(save.key, save.code));
  } catch {
    // a read-only state folder: the next start compiles again
  }
}
