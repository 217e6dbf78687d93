import { hasLineTerminator } from "./char-class.js";

/** One stack frame as printed: the function text (may be empty) and its location. */
export interface RawFrame {
  fn: string;
  location: string;
}

/**
 * What follows `at` in a V8 (Node, Chromium, Electron, Deno) or Bun frame,
 * `    at <fn> (<location>)` or `    at <location>`: the reading of
 * /^\s*at\s+(\S.*)$/, by hand because a crash parses a dozen lines and
 * would compile it twice (trimStart drops what \s matches).
 */
export function afterAt(line: string): string | undefined {
  const text = line.trimStart();
  if (!text.startsWith("at")) return undefined;
  const rest = text.slice(2).trimStart();
  if (rest.length === text.length - 2 || rest === "" || hasLineTerminator(rest)) return undefined;
  return rest;
}
/** JavaScriptCore (Safari, older Bun) and SpiderMonkey print `<fn>@<location>`. */
const JSC_LOCATION = /(?::\d+){1,2}$|^\[native code\]$/;

/** Longest frame line read; past it, a frame's location is not read. */
const MAX_FRAME_LINE = 4096;

/**
 * The location of a frame whose line is too long to read (a `data:` URL
 * module's whole source). It names no file of the tool's, so a frame there
 * counts as the user's code (redact/README.md, rule 11), as any location that
 * is no local path does.
 */
export const UNREAD_LOCATION = "<unread>";

/** Parse one line of a stack, or undefined when it is not a frame. */
export function parseFrameLine(line: string): RawFrame | undefined {
  if (line.length > MAX_FRAME_LINE) {
    // Still a frame: dropped, it would end the run of frames it is in, and
    // the frames after it (the tool's) would be read as where the error was made.
    return afterAt(line.slice(0, 64)) === undefined
      ? undefined
      : { fn: "", location: UNREAD_LOCATION };
  }
  const v8 = afterAt(line);
  if (v8 !== undefined) return splitV8(v8);
  const trimmed = line.trim();
  if (trimmed === "[native code]") return { fn: "", location: "[native code]" };
  const at = trimmed.indexOf("@");
  if (at === -1) return undefined;
  const fn = trimmed.slice(0, at);
  if (/[/\\()]/.test(fn)) return undefined;
  const location = trimmed.slice(at + 1);
  if (!JSC_LOCATION.test(location) || /\s/.test(location)) return undefined;
  return { fn, location };
}

function splitV8(rest: string): RawFrame {
  const text = rest.trimEnd();
  if (!text.endsWith(")")) return { fn: "", location: text };
  // The location is the last balanced parenthesised group (paths may hold "(x86)").
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i -= 1) {
    const c = text[i];
    if (c === ")") depth += 1;
    else if (c === "(") {
      depth -= 1;
      if (depth === 0) {
        if (i === 0 || text[i - 1] !== " ") break;
        return { fn: text.slice(0, i).trim(), location: text.slice(i + 1, -1) };
      }
    }
  }
  return { fn: "", location: text };
}
