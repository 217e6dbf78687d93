// The Node built-ins the client uses. Every process of a host loads the
// client, and an ES module `import ... from "node:fs"` builds fs's ES module
// facade, which loads fs/promises and some twenty stream modules on every
// start (docs/PERFORMANCE.md has the cost). process.getBuiltinModule (Node
// 20.16+, Bun) hands over the module itself. Client modules take their
// built-ins from here; tests and the server import them as usual.
export const fs = process.getBuiltinModule("node:fs");
export const path = process.getBuiltinModule("node:path");
export const url = process.getBuiltinModule("node:url");
// Only a capture needs these two, and loading them costs every start of the
// host about a millisecond on the build machine: they load on first use.
export const nodeModule = () => process.getBuiltinModule("node:module");
export const nodeVm = () => process.getBuiltinModule("node:vm");

/**
 * os.homedir() without loading node:os (0.3 ms of every start on the build
 * machine): it is $HOME on POSIX and %USERPROFILE% on Windows when the
 * variable is defined, as Node documents os.homedir(); node:os only where it
 * is not.
 */
export function homeDirectory(): string {
  const defined = process.platform === "win32" ? process.env.USERPROFILE : process.env.HOME;
  return defined ?? process.getBuiltinModule("node:os").homedir();
}
