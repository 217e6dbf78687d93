import { path, url } from "./node-builtins.js";

/**
 * A file of the built client, by its path from `dist/`: the build puts every
 * module of the client there (shared chunks included) and the command in
 * `dist/bin/`, so this holds wherever the bundler placed this code. Built
 * from import.meta.dirname (Node 20.11+), a string already there: a URL made
 * and turned back into a path cost a crash 0.06 ms more (session 8).
 */
export function clientFile(...parts: string[]): string {
  const here = (import.meta as { dirname?: string }).dirname;
  return here === undefined
    ? url.fileURLToPath(new URL(parts.join("/"), import.meta.url))
    : [here, ...parts].join(path.sep);
}

/** The `crashfix` command beside the built client. */
export function crashfixBinPath(): string {
  return clientFile("bin", "crashfix.js");
}

/** crashfix.sh, which the package ships beside `dist/`. */
export function crashfixShellPath(): string {
  return path.normalize(clientFile("..", "crashfix.sh"));
}
