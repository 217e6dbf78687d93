import { fs, path } from "../node-builtins.js";
import { under } from "../path-under.js";

const { existsSync, realpathSync } = fs;
const { dirname } = path;

/**
 * The folder of the host tool's own files, for the scrubber to tell the
 * tool's stack frames from the user's code it runs (redact/README.md): the
 * folder of the nearest package.json above the main script, by its real
 * path (Node names a module's frames by their real path, and an npm bin is
 * a symlink), else the script's own folder. Read at capture time only: one
 * realpath and an existsSync per folder up to the package. Undefined where
 * there is no main script (`node -e`, a REPL) or it cannot be read.
 */
export function findToolRoot(mainScript: string | undefined = process.argv[1]): string | undefined {
  if (mainScript === undefined || mainScript === "") return undefined;
  let script: string;
  try {
    script = realpathSync.native(mainScript);
  } catch {
    return undefined;
  }
  const scriptDir = dirname(script);
  let dir = scriptDir;
  for (let depth = 0; depth < 64; depth += 1) {
    if (existsSync(under(dir, "package.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return scriptDir;
}
