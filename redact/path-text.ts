import { isDigits, isWordCode } from "./char-class.js";

/** `text` without a trailing `:line` or `:line:column`. */
export function withoutPosition(text: string): string {
  let out = text;
  for (let k = 0; k < 2; k += 1) {
    const colon = out.lastIndexOf(":");
    if (colon === -1 || !isDigits(out.slice(colon + 1))) break;
    out = out.slice(0, colon);
  }
  return out;
}

/** `text` up to its first `?` or `#`: a URL without its query and fragment. */
export function withoutQuery(text: string): string {
  let end = text.length;
  for (const mark of ["?", "#"]) {
    const at = text.indexOf(mark);
    if (at !== -1 && at < end) end = at;
  }
  return text.slice(0, end);
}

/** Line and column at the end of a location (`file.js:12:34`), each 1-9 digits. */
export function lineAndColumn(location: string): [string, string] | undefined {
  const last = location.lastIndexOf(":");
  const previous = last > 0 ? location.lastIndexOf(":", last - 1) : -1;
  if (previous === -1) return undefined;
  const line = location.slice(previous + 1, last);
  const column = location.slice(last + 1);
  return line.length <= 9 && column.length <= 9 && isDigits(line) && isDigits(column)
    ? [line, column]
    : undefined;
}

/** `path` without trailing `/` or `\` separators. */
export function trimSeparators(path: string): string {
  let end = path.length;
  while (end > 0 && (path[end - 1] === "/" || path[end - 1] === "\\")) end -= 1;
  return path.slice(0, end);
}

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
