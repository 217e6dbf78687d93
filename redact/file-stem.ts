import { isDigitCode, isLetterCode } from "./char-class.js";
import { trimSeparators, withoutPosition, withoutQuery } from "./path-text.js";

/**
 * Extensions of files that JavaScript runtimes execute or map back to, in
 * lower case: `[cm]?[jt]sx?`, vue, svelte, astro, wasm, node, htm, html.
 */
const SCRIPT_EXTENSIONS = new Set(
  ["", "c", "m"]
    .flatMap((lead) => ["js", "jsx", "ts", "tsx"].map((kind) => lead + kind))
    .concat(["vue", "svelte", "astro", "wasm", "node", "htm", "html"]),
);

/**
 * `stem` without a script extension, in any letter case. toLowerCase folds
 * as a regex's i flag would for these names: the only non-ASCII letters
 * that lower into ASCII ones (U+212A Kelvin, U+0130 dotted I) give k and i,
 * which no extension holds.
 */
function withoutScriptExtension(stem: string): string {
  const dot = stem.lastIndexOf(".");
  return dot !== -1 && SCRIPT_EXTENSIONS.has(stem.slice(dot + 1).toLowerCase())
    ? stem.slice(0, dot)
    : stem;
}

/**
 * A build hash appended by bundlers: `main.3f2a1b9c`, `chunk-4KX3ZQ2A`,
 * `index-BqXzHgaD`. At least 6 characters, with a digit, or mixed case of 8+.
 */
function isBuildHash(segment: string): boolean {
  if (segment.length < 6 || segment.length > 32) return false;
  let digit = false;
  let lower = false;
  let upper = false;
  for (let i = 0; i < segment.length; i += 1) {
    const code = segment.charCodeAt(i);
    if (isDigitCode(code)) digit = true;
    else if (code >= 0x61 && code <= 0x7a) lower = true;
    else if (code >= 0x41 && code <= 0x5a) upper = true;
    else if (code !== 0x5f /* _ */) return false;
  }
  if (digit && (lower || upper)) return true;
  if (digit) return segment.length >= 8;
  return segment.length >= 8 && lower && upper;
}

/** `name` without a leading URL scheme (`webpack:`, `app:`): a letter, then letters, digits, `+.-`, then `:`. */
function withoutScheme(name: string): string {
  if (!isLetterCode(name.charCodeAt(0))) return name;
  for (let i = 1; i < name.length; i += 1) {
    const code = name.charCodeAt(i);
    if (code === 0x3a /* : */) return name.slice(i + 1);
    if (
      !isLetterCode(code) &&
      !isDigitCode(code) &&
      code !== 0x2b &&
      code !== 0x2e &&
      code !== 0x2d
    )
      return name;
  }
  return name;
}

/**
 * The file's identity for anonymous frames: base name without directories,
 * scheme, query, hash, line and column, extension, `.min` and build hash. The
 * same file gives the same stem under any install root, OS or bundler run.
 * Read by character: it runs on a crash, where each regex would be compiled
 * for one or two short strings (the extension's, with the i flag, cost
 * 0.1 ms).
 */
export function fileStem(location: string): string {
  const text = trimSeparators(withoutQuery(withoutPosition(location.trim())));
  const slash = Math.max(text.lastIndexOf("/"), text.lastIndexOf("\\"));
  let stem = withoutScheme(slash === -1 ? text : text.slice(slash + 1));
  for (let i = 0; i < 3; i += 1) {
    const before = stem;
    stem = withoutScriptExtension(stem);
    if (stem.slice(-4).toLowerCase() === ".min") stem = stem.slice(0, -4);
    const dash = Math.max(stem.lastIndexOf("."), stem.lastIndexOf("-"));
    if (dash > 0 && isBuildHash(stem.slice(dash + 1))) stem = stem.slice(0, dash);
    if (stem === before) break;
  }
  return stem;
}
