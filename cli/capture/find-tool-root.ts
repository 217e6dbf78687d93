import { fs, path } from "../node-builtins.js";
import { under } from "../path-under.js";

const { existsSync, readFileSync, realpathSync } = fs;
const { dirname, isAbsolute, resolve, sep } = path;

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

/** Whether `entry`, a path a package.json gives, is the main script (extension optional, as Node resolves `main`). */
function namesScript(dir: string, entry: unknown, script: string): boolean {
  if (typeof entry !== "string" || entry === "") return false;
  const target = resolve(dir, entry);
  if (
    script === target ||
    (script.startsWith(target) && /^\.[cm]?js$/.test(script.slice(target.length)))
  ) {
    return true;
  }
  try {
    return realpathSync.native(target) === script;
  } catch {
    return false;
  }
}

/**
 * Whether the package.json in `dir` is the tool's: its `name` is the app's
 * (scoped or not), a `bin` is called the app, or its `bin` or `main` is the
 * main script. A user's project says none of this about a tool it merely
 * holds, and a `package.json` that only sets the module type says nothing.
 */
function claimsTool(dir: string, script: string, app: string): boolean {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(under(dir, "package.json"), "utf8"));
  } catch {
    return false;
  }
  if (typeof manifest !== "object" || manifest === null) return false;
  const { name, bin, main } = manifest as Record<string, unknown>;
  if (typeof name === "string" && (name === app || name.endsWith(`/${app}`))) {
    return true;
  }
  if (typeof bin === "object" && bin !== null) {
    if (Object.hasOwn(bin, app)) return true;
    if (Object.values(bin).some((entry) => namesScript(dir, entry, script))) return true;
  }
  return namesScript(dir, bin, script) || namesScript(dir, main, script);
}

/**
 * Where the host tool's own files are, for the scrubber to tell the tool's
 * stack frames from the user's code it runs (redact/README.md): the folder
 * of the nearest package.json above the main script (the caller passes
 * `process.argv[1]` as the reporter was made, read by its real path: Node
 * names a module's frames by their real path, and an npm bin is a symlink)
 * that claims the tool
 * (claimsTool: it names the app, or its `bin` or `main` is the script).
 * Without one, only the script itself: a script copied into a shared folder
 * (`~/.local/bin`) does not make that folder's other files the tool's, and
 * a tool kept in the user's project (`.yarn/releases/`, `scripts/`) does
 * not make the project's, wherever it is run from. The search stops below
 * the home folder (a `~/package.json`, which an `npm install` run in `~`
 * writes, is never the tool's). A claiming package.json may hold the
 * working folder: a maintainer running the tool in its own checkout.
 * Read at capture time only: two realpaths, one existsSync to tell the
 * script from a folder and one per folder up to the package, and the
 * package.json files found on the way.
 *
 * A main script that cannot be read by its real path is the tool's only as
 * an absolute path (a script deleted or replaced while it ran, a
 * single-file executable's virtual path). With no main script (`node -e`,
 * a REPL), a relative one or a folder (a host that set `process.argv[1]` to
 * its command's name, or `.`), `""`: no file here is the tool's, and every
 * frame outside `node_modules` is signed `user-code` (redact/user-code.ts).
 */
export function findToolRoot(
  home: string | undefined,
  mainScript: string | undefined,
  app: string,
): string {
  // Node gives its main script as an absolute path: another was set by the host.
  if (mainScript === undefined || !isAbsolute(mainScript)) return "";
  let script: string;
  try {
    script = realpathSync.native(mainScript);
  } catch {
    return mainScript;
  }
  // A folder is no script (a host that set argv[1] to the working folder).
  if (existsSync(`${script}${sep}`)) return "";
  const held = homeFolders(home);
  for (let dir = dirname(script), depth = 0; depth < 64 && !holdsAny(dir, held); depth += 1) {
    if (existsSync(under(dir, "package.json")) && claimsTool(dir, script, app)) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return script;
}
