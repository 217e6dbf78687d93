import { fs, path, url } from "./node-builtins.js";

/**
 * The folder the built client runs from. import.meta.dirname (Node 20.11+)
 * is a string already there: a URL made and turned back into a path cost a
 * crash 0.06 ms more (session 8). A host bundled to CommonJS has no
 * import.meta (esbuild and tsup leave an empty object, and warn only outside
 * node_modules): there the bundle's own __dirname is the folder.
 */
function clientDir(): string {
  const meta = import.meta as { dirname?: string; url?: string };
  if (meta.dirname !== undefined) return meta.dirname;
  if (meta.url !== undefined) return path.dirname(url.fileURLToPath(meta.url));
  if (typeof __dirname === "string") return __dirname;
  throw new Error(
    "crashfix cannot tell which folder its files are in: this runtime gives its code neither import.meta.url nor __dirname",
  );
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
 * bundle, by path from `dist/` (`crashfix copy-files` copies them), and why.
 */
export const FILES_BESIDE_BUNDLE = [
  { file: "scrubber.cjs", why: "the scrubber, which every capture loads" },
  { file: "commands-entry.js", why: "the commands and the sender, which bin/crashfix.js loads" },
  { file: "bin/crashfix.js", why: "the command that sends queued reports in the background" },
] as const;

/** What the maintainer of a CLI that is missing those files does about it. */
export const COPY_FILES_FIX =
  "a CLI that bundles crashfix copies its files beside its bundle in its build: crashfix copy-files <folder of the bundle>";

/** The `crashfix` command beside the built client. */
export function crashfixBinPath(): string {
  return clientFile("bin", "crashfix.js");
}

/**
 * The first file the `crashfix` command needs that is not beside this code,
 * or undefined when it can run. Both are absent beside a bundle whose build
 * did not copy them; the background send runs this command.
 */
export function missingCommandFile(): string | undefined {
  for (const file of [crashfixBinPath(), clientFile("commands-entry.js")]) {
    if (!fs.existsSync(file)) return file;
  }
  return undefined;
}

/** crashfix.sh, which the package ships beside `dist/`. */
export function crashfixShellPath(): string {
  return path.normalize(clientFile("..", "crashfix.sh"));
}
