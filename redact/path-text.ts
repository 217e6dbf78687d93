import { isDigits } from "./char-class.js";

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

/** `path` without trailing `/` or `\` separators. */
export function trimSeparators(path: string): string {
  let end = path.length;
  while (end > 0 && (path[end - 1] === "/" || path[end - 1] === "\\")) end -= 1;
  return path.slice(0, end);
}
