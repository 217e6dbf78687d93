import { isDigits, isWordCode } from "./char-class.js";

/**
 * Locations of runtime code, whichever runtime prints them: Node (`node:`,
 * `internal/` before Node 16), Bun (`native`, `native:7:39`, `unknown`,
 * `bun:`), Deno (`ext:`, `deno:` before 1.26), V8 builtins shown as
 * `<anonymous>` or `index N` (Promise.all), JavaScriptCore's `[native code]`,
 * SpiderMonkey's `self-hosted`, Electron's bundled init code, `vm` scripts.
 */
const RUNTIME_PREFIXES = [
  "node:",
  "internal/",
  "internal:",
  "bun:",
  "ext:",
  "deno:",
  "[native code]",
  "self-hosted",
  "<anonymous>",
  "electron/js2c",
  "evalmachine.",
];

/** Read by character: a crash tests a few frames, where a regex this long costs 0.1 ms to compile. */
export function isRuntimeLocation(location: string): boolean {
  if (location === "unknown" || RUNTIME_PREFIXES.some((prefix) => location.startsWith(prefix))) {
    return true;
  }
  // `native`, then the end or a character that is not a word character (regex \b).
  if (location.startsWith("native")) {
    return location.length === 6 || !isWordCode(location.charCodeAt(6));
  }
  return location.startsWith("index ") && isDigits(location.slice(6));
}
