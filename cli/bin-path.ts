import { path, url } from "./node-builtins.js";

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

/** The `crashfix` command beside the built client. */
export function crashfixBinPath(): string {
  return clientFile("bin", "crashfix.js");
}

/** crashfix.sh, which the package ships beside `dist/`. */
export function crashfixShellPath(): string {
  return path.normalize(clientFile("..", "crashfix.sh"));
}
