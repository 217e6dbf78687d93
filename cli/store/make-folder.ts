import { fs, path } from "../node-builtins.js";

/**
 * Makes `dir` and any missing folders above it (owner-only by default), as
 * `mkdirSync(dir, { recursive: true })` does, but returns or throws on every
 * path. Node's recursive mkdir retries forever, at full CPU, where a folder
 * that exists answers ENOENT for a child it cannot hold (procfs, a stale
 * mount): seen on Node 18 to 22, e.g. openclaw/openclaw#130807. Here a
 * folder is tried at most twice, the second time once its parent is there,
 * and a second ENOENT is the answer. A path that exists is taken as made: a
 * file there fails the caller's next step with ENOTDIR.
 */
export function makeFolder(dir: string, mode = 0o700): void {
  try {
    fs.mkdirSync(dir, { mode });
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return;
    const parent = path.dirname(dir);
    if (code !== "ENOENT" || parent === dir) throw error;
    makeFolder(parent, mode);
  }
  try {
    fs.mkdirSync(dir, { mode });
  } catch (error) {
    // Made by another process in between.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}
