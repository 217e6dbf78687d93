import { createRequire } from "node:module";

/**
 * A built-in module, loaded on first use (node:vm costs a start a fraction
 * of a millisecond). process.getBuiltinModule (Node >= 20.16, Bun) rather
 * than createRequire: the first createRequire in an ES module host sets up
 * CommonJS loading, ~0.6 ms of a crash measured in a host.
 */
export function builtinModule<T>(id: string): T {
  const found =
    typeof process.getBuiltinModule === "function" ? process.getBuiltinModule(id) : undefined;
  return (found ?? createRequire(import.meta.url)(id)) as T;
}
