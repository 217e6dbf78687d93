import { fs, path, url } from "./node-builtins.js";
import { startHooks } from "./start/start-hooks.js";

/**
 * The folder the built client runs from: dist/index.js's, where that file
 * runs the start code through node:vm (start/load-client.ts), else this
 * module's own. import.meta.dirname (Node 20.11+)
 * is a string already there: a URL made and turned back into a path cost a
 * crash 0.06 ms more (session 8). A host bundled to CommonJS has no
 * import.meta (esbuild and tsup leave an empty object, and warn only outside
 * node_modules): there the bundle's own __dirname is the folder.
 */
export function ownDir(): string {
  const hooks = startHooks();
  if (hooks !== undefined) return hooks.dir();
  const meta = import.meta as { dirname?: string; url?: string };
  if (meta.dirname !== undefined) return meta.dirname;
  if (meta.url !== undefined) return path.dirname(url.fileURLToPath(meta.url));
  if (typeof __dirname === "string") return __dirname;
  throw new Error(
    "crashfix cannot tell which folder its files are in: this runtime gives its code neither import.meta.url nor __dirname",
  );
}

// The folder this copy of the client's commands looks in, when the host's
// start code loaded them (useFilesBeside). A bundler that splits code into
// chunks may put the commands in a chunk folder of their own; they then look
// where the host's captures and background send look, so that one folder of
// files serves the whole client and doctor checks the files those use.
let filesDir: string | undefined;

/** Makes this copy of the client load its files from `dir` (the folder of the code that loaded it). */
export function useFilesBeside(dir: string): void {
  filesDir = dir;
}

/** The folder this code loads crashfix's files from: its own, or the one useFilesBeside set. */
export function clientDir(): string {
  return filesDir ?? ownDir();
}

/**
 * A file of the built client, by its path from `dist/`: the build puts every
 * module of the client there (shared chunks included) and the command in
 * `dist/bin/`, so this holds wherever the bundler placed this code.
 */
export function clientFile(...parts: string[]): string {
  return [clientDir(), ...parts].join(path.sep);
}

/**
 * What a CLI that bundles crashfix into its own file ships beside its
 * bundle (`crashfix copy-files` copies them), by path from `dist/`, and why.
 * The command's two ES modules go there as `.mjs`: a `.js` file would be
 * read as CommonJS under the host's `"type": "commonjs"`, which `npm init`
 * writes. The command's import is renamed to match.
 */
export const FILES_BESIDE_BUNDLE = [
  { from: "scrubber.cjs", to: "scrubber.cjs", why: "the scrubber, which every capture loads" },
  {
    from: "commands-entry.js",
    to: "commands-entry.mjs",
    why: "the commands and the sender, which bin/crashfix.mjs loads",
  },
  {
    from: "bin/crashfix.js",
    to: "bin/crashfix.mjs",
    why: "the command that sends queued reports in the background",
    rename: { from: '"../commands-entry.js"', to: '"../commands-entry.mjs"' },
  },
] as const;

/**
 * What the maintainer of a CLI that is missing those files does about it,
 * naming the folder this code looked in: in a bundle split into chunk
 * folders, the one of the chunk that starts crashfix (see useFilesBeside).
 */
export function copyFilesFix(): string {
  let here = "";
  try {
    here = ` (here: ${clientDir()})`;
  } catch {
    // no folder to name
  }
  return `a CLI that bundles crashfix runs \`crashfix copy-files <folder>\` in its build for the folder its bundle loads crashfix's files from${here}`;
}

/** The `crashfix` command and the module it imports: as the package ships them, then as copy-files puts them. */
const COMMAND_LAYOUTS = [
  ["bin/crashfix.js", "commands-entry.js"],
  ["bin/crashfix.mjs", "commands-entry.mjs"],
] as const;

/** A file of the built client by its path from `dist/` with `/` (FILES_BESIDE_BUNDLE's form). */
export const distFile = (file: string): string => clientFile(...file.split("/"));

/**
 * The `crashfix` command beside this code, or undefined where it cannot run
 * (see missingCommandFile).
 */
export function crashfixBinPath(): string | undefined {
  for (const files of COMMAND_LAYOUTS) {
    if (files.every((file) => fs.existsSync(distFile(file)))) return distFile(files[0]);
  }
  return undefined;
}

/**
 * The first file the `crashfix` command lacks beside this code, as
 * copy-files would put it there, or undefined when the command can run.
 * Only a bundle whose build did not copy them lacks any; the background
 * send runs this command.
 */
export function missingCommandFile(): string | undefined {
  if (crashfixBinPath() !== undefined) return undefined;
  return COMMAND_LAYOUTS[1].map(distFile).find((file) => !fs.existsSync(file));
}

/** crashfix.sh, which the package ships beside `dist/`. */
export function crashfixShellPath(): string {
  return path.normalize(clientFile("..", "crashfix.sh"));
}
