import { fs, path } from "../node-builtins.js";
import { under } from "../path-under.js";

const { existsSync, realpathSync } = fs;
const { dirname, sep } = path;

/** Whether `dir` is one of `folders` or a folder one is in (`/home` holds `/home/alice`). */
function holdsAny(dir: string, folders: readonly string[]): boolean {
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  return folders.some((folder) => folder === dir || folder.startsWith(prefix));
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
 * Where the host tool's own files are, for the scrubber to tell the tool's
 * stack frames from the user's code it runs (redact/README.md): the folder
 * of the nearest package.json above the main script (the caller passes
 * `process.argv[1]`), by its real path (Node names a module's frames by
 * their real path, and an npm bin is a symlink). Without one, only the
 * script itself: a script copied into a shared folder (`~/.local/bin`)
 * does not make that folder's other files the tool's.
 *
 * A folder that holds the home folder or the working folder is never the
 * tool's: a `~/package.json` (an `npm install` run in `~` writes one) or
 * the user's project (a tool kept in `.yarn/releases/` or `scripts/`)
 * would make the user's own files the tool's, and their names would be
 * signed: the search stops below such a folder, and finding no package.json
 * there, it is the script itself. (A maintainer running a tool in its own
 * checkout then has its other files signed `user-code` in their own
 * reports.) Read at capture time only: two realpaths and an existsSync per
 * folder up to the package. Undefined where there is no main script
 * (`node -e`, a REPL) or it cannot be read.
 */
export function findToolRoot(
  home: string | undefined,
  mainScript: string | undefined,
  workDir?: string,
): string | undefined {
  if (mainScript === undefined || mainScript === "") return undefined;
  let script: string;
  try {
    script = realpathSync.native(mainScript);
  } catch {
    return undefined;
  }
  const held = homeFolders(home);
  if (workDir !== undefined && workDir !== "") held.push(workDir);
  for (let dir = dirname(script), depth = 0; depth < 64 && !holdsAny(dir, held); depth += 1) {
    if (existsSync(under(dir, "package.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return script;
}
