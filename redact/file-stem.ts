/** Extensions of files that JavaScript runtimes execute or map back to. */
const SCRIPT_EXTENSION = /\.(?:[cm]?[jt]sx?|vue|svelte|astro|wasm|node|html?)$/i;

/**
 * A build hash appended by bundlers: `main.3f2a1b9c`, `chunk-4KX3ZQ2A`,
 * `index-BqXzHgaD`. At least 6 characters, with a digit, or mixed case of 8+.
 */
function isBuildHash(segment: string): boolean {
  if (segment.length < 6 || segment.length > 32 || !/^[A-Za-z0-9_]+$/.test(segment)) return false;
  const digit = /[0-9]/.test(segment);
  const letter = /[A-Za-z]/.test(segment);
  if (digit && letter) return true;
  if (digit) return segment.length >= 8;
  return segment.length >= 8 && /[a-z]/.test(segment) && /[A-Z]/.test(segment);
}

/**
 * The file's identity for anonymous frames: base name without directories,
 * scheme, query, hash, line and column, extension, `.min` and build hash. The
 * same file gives the same stem under any install root, OS or bundler run.
 */
export function fileStem(location: string): string {
  let text = location.trim();
  text = text.replace(/(?::\d+){1,2}$/, "");
  const query = text.search(/[?#]/);
  if (query !== -1) text = text.slice(0, query);
  text = text.replace(/[\\/]+$/, "");
  const slash = Math.max(text.lastIndexOf("/"), text.lastIndexOf("\\"));
  let stem = slash === -1 ? text : text.slice(slash + 1);
  stem = stem.replace(/^[A-Za-z][A-Za-z0-9+.-]*:/, "");
  for (let i = 0; i < 3; i += 1) {
    const before = stem;
    stem = stem.replace(SCRIPT_EXTENSION, "").replace(/\.min$/i, "");
    const dash = Math.max(stem.lastIndexOf("."), stem.lastIndexOf("-"));
    if (dash > 0 && isBuildHash(stem.slice(dash + 1))) stem = stem.slice(0, dash);
    if (stem === before) break;
  }
  return stem;
}
