import { url } from "./node-builtins.js";

const { fileURLToPath } = url;

/**
 * The `crashfix` command beside the built client. The build puts every
 * module of the client in `dist/` (shared chunks included) and the command
 * in `dist/bin/`, so this holds wherever the bundler placed this code.
 */
export function crashfixBinPath(): string {
  return fileURLToPath(new URL("./bin/crashfix.js", import.meta.url));
}

/** crashfix.sh, which the package ships beside `dist/`. */
export function crashfixShellPath(): string {
  return fileURLToPath(new URL("../crashfix.sh", import.meta.url));
}
