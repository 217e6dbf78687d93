import { fs, path } from "../node-builtins.js";
import { under } from "../path-under.js";

const { existsSync, realpathSync } = fs;
const { dirname, sep } = path;

/** Whether `dir` is one of `homes` or a folder one is in (`/home`, `/`). */
function holdsHome(dir: string, homes: readonly string[]): boolean {
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  return homes.some((home) => home === dir || home.startsWith(prefix));
}

/** The home folder as given and by its real path (the script's path is a real one). */
function homeFolders(home: string | undefined): string[] {
  if (home === undefined || home === "") return [];
  try {
    return [home, realpathSync.native(home)];
  } catch {
    return [home];
  }
}

/**
 * The folder of the host tool's own files, for the scrubber to tell the
 * tool's stack frames from the user's code it runs (redact/README.md): the
 * folder of the nearest package.json above the main script (the caller
 * passes `process.argv[1]`), by its real path (Node names a module's frames
 * by their real path, and an npm bin is a symlink), else the script's own
 * folder. The walk stops below the home folder: a `~/package.json` (an
 * `npm install` run in `~` writes one) would make every file of the user's
 * the tool's, and their names would be signed. For the same reason a
 * script kept in the home folder itself is its own root: the scrubber then
 * counts only that file as the tool's. Read at capture time only: two
 * realpaths and an existsSync per folder up to the package. Undefined
 * where there is no main script (`node -e`, a REPL) or it cannot be read.
 */
export function findToolRoot(
  home: string | undefined,
  mainScript: string | undefined,
): string | undefined {
  if (mainScript === undefined || mainScript === "") return undefined;
  let script: string;
  try {
    script = realpathSync.native(mainScript);
  } catch {
    return undefined;
  }
  const scriptDir = dirname(script);
  const homes = homeFolders(home);
  // A script kept in the home folder itself: only that file is the tool's.
  if (holdsHome(scriptDir, homes)) return script;
  let dir = scriptDir;
  for (let depth = 0; depth < 64 && !holdsHome(dir, homes); depth += 1) {
    if (existsSync(under(dir, "package.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return scriptDir;
}
