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
