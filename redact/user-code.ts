import { isLetterCode } from "./char-class.js";
import { isRuntimeLocation, withoutPosition, withoutQuery } from "./path-text.js";

/**
 * Where the host tool's own code is, as the client finds it at capture time
 * (the scrubber reads no file): `toolRoot`, the folder of the package.json
 * above the tool's main script (or that script), and `workDir`, the folder
 * the user ran it in. A `toolRoot` that is no absolute path (`""`: the
 * client could not read the main script) means no file here is the tool's.
 */
export interface OwnCode {
  toolRoot: string;
  workDir?: string | undefined;
}

/** The signature of every frame in the user's own code (see redact/README.md). */
export const USER_CODE = "user-code";

/** Whether `path` starts with a drive letter, a colon and a slash at `at` (`C:/`). */
function isDriveAt(path: string, at: number): boolean {
  return isLetterCode(path.charCodeAt(at)) && path[at + 1] === ":" && path[at + 2] === "/";
}

/**
 * A frame location as a comparable path: `file://` URLs decoded, `\` as
 * `/`, drive-letter paths lower-cased (Windows paths ignore case). Undefined
 * when it is no absolute path on this machine (`(shell)`, `webpack://`, a
 * source map's relative source): Node loads every file by its absolute path,
 * so such a frame is not a file the host loaded from the user's disk.
 * Read by character, not regex: it runs on a crash.
 */
export function localPath(location: string): string | undefined {
  let path = withoutPosition(location.trim());
  // V8's frame of a module's top-level await: `at async file:///x.mjs:5:1`.
  if (path.startsWith("async ")) path = path.slice(6);
  if (path.startsWith("file://")) {
    // A query or fragment is no part of the file's path (`?v=2#/node_modules/`).
    try {
      path = decodeURIComponent(withoutQuery(path.slice(7)));
    } catch {
      return undefined;
    }
    // file:///C:/x is the path C:/x.
    if (path.startsWith("/") && isDriveAt(path, 1)) path = path.slice(1);
  }
  path = path.replaceAll("\\", "/");
  if (isDriveAt(path, 0)) return path.toLowerCase();
  return path.startsWith("/") ? path : undefined;
}

/**
 * Whether `path` is in a package installed in a `node_modules` folder:
 * published code. A folder there whose name starts with a dot is no
 * package (npm names cannot start with one): tools compile the user's
 * configs into such folders (Vite's `node_modules/.vite-temp`). pnpm's
 * store (`node_modules/.pnpm/x@1/node_modules/x`) is read by its last one.
 */
function inInstalledPackage(path: string): boolean {
  const at = path.lastIndexOf("/node_modules/");
  return at !== -1 && path.charAt(at + 14) !== ".";
}

/**
 * Whether a frame at `location` may run the user's code: any frame but the
 * runtime's own and those in a `node_modules` folder. Only where one may is
 * the tool's folder looked for.
 */
export function mayBeUserCode(location: string): boolean {
  const text = location.trim();
  if (isRuntimeLocation(text)) return false;
  const path = localPath(text);
  return path === undefined || !inInstalledPackage(path);
}

/** Whether `path` is `folder` or inside it. */
function under(path: string, folder: string): boolean {
  const dir = folder.endsWith("/") ? folder : `${folder}/`;
  return path === folder || path.startsWith(dir);
}

/**
 * A test of frame locations: true where a frame runs the user's own code
 * rather than the tool's, a file on this machine that is neither in a
 * `node_modules` folder (the tool's dependencies, and packages the user
 * installed: published code) nor in the tool's own folder. A location that
 * names no file on this machine is the user's too (a `vm` script's name, a
 * `data:` URL, a `webpack://` source): the tool's own frames are known by
 * their folder, and crashfix places the frames it maps from the tool's
 * bundles under the bundle's path (cli/capture/map-stack-to-source.ts).
 * Runtime frames never get here. A working folder inside the tool's folder
 * (a project kept in the tool's checkout) is the user's. Undefined without
 * `own`; with a `toolRoot` that is no absolute path, every file outside
 * `node_modules` is the user's (fail closed: their names are never sent).
 */
export function userCodeTest(
  own: OwnCode | undefined,
): ((location: string) => boolean) | undefined {
  if (own === undefined) return undefined;
  const root = localPath(own.toolRoot);
  const workDir = own.workDir === undefined ? undefined : localPath(own.workDir);
  const inner =
    root !== undefined && workDir !== undefined && workDir !== root && under(workDir, root)
      ? workDir
      : undefined;
  return (location) => {
    const path = localPath(location);
    // No file of the tool's on this machine: a URL (a `webpack://` source
    // Node's --enable-source-maps put there), a name a host gave a `vm` script.
    if (path === undefined) return true;
    if (inInstalledPackage(path)) return false;
    if (root === undefined) return true;
    return !under(path, root) || (inner !== undefined && under(path, inner));
  };
}
