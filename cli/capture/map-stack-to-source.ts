import type { SourceMap } from "node:module";
import { fs, nodeModule, url } from "../node-builtins.js";

/** What reading the host's files takes; tests pass their own. */
export type StackMapIo = {
  exists: (path: string) => boolean;
  read: (path: string) => string;
};

const DEFAULT_IO: StackMapIo = {
  exists: (path) => fs.existsSync(path),
  read: (path) => fs.readFileSync(path, "utf8"),
};

/** `    at [async ]name (location:line:col)` or `    at [async ]location:line:col` (V8, Bun). */
const FRAME = /^(\s*at\s+(?:async\s+)?)(?:(.+?) \()?((?:file:\/\/)?[^()\s][^()]*?):(\d+):(\d+)\)?$/;

interface Frame {
  index: number;
  prefix: string;
  name: string | undefined;
  file: string;
  line: number;
  column: number;
}

/** A file of the host on disk: an absolute path (runtime frames are `node:`, `native`...). */
const HOST_FILE = /^(?:\/|[A-Za-z]:[\\/])/;

/** Names that mean "no name": nothing to look up for them. */
const ANONYMOUS = /^(?:Object\.)?<anonymous>$|^$/;

function parseFrames(lines: string[]): Frame[] {
  const frames: Frame[] = [];
  lines.forEach((text, index) => {
    const match = FRAME.exec(text);
    if (match === null) return;
    const location = match[3] ?? "";
    const file = location.startsWith("file://") ? url.fileURLToPath(location) : location;
    if (!HOST_FILE.test(file)) return;
    frames.push({
      index,
      prefix: match[1] ?? "",
      name: match[2],
      file,
      line: Number(match[4]),
      column: Number(match[5]),
    });
  });
  return frames;
}

type Entry = {
  originalSource?: string;
  originalLine?: number;
  originalColumn?: number;
  name?: string;
};

/**
 * Rewrite the frames of a stack that run in bundled files the host ships
 * with source maps (`<file>.map` beside the file, as esbuild, tsc and
 * webpack write them) to their original sources and function names, on
 * the user's machine: nothing new leaves it, and a bundled CLI's crashes
 * group by original names and survive rebuilds of the same source.
 *
 * A minified function's original name is the identifier its caller called
 * it by: the source map's name at the next frame's position (how
 * symbolicators name frames). Frames the map cannot name keep their
 * minified name and position. Costs one `exists` per distinct file when no
 * map is present; maps are read only when one is. Never throws.
 */
export function mapStackToSource(stack: string, io: StackMapIo = DEFAULT_IO): string {
  try {
    const lines = stack.split("\n");
    const frames = parseFrames(lines);
    const maps = new Map<string, SourceMap | undefined>();
    for (const frame of frames) {
      if (!maps.has(frame.file)) {
        const mapFile = `${frame.file}.map`;
        maps.set(frame.file, io.exists(mapFile) ? loadMap(io.read(mapFile)) : undefined);
      }
    }
    if (![...maps.values()].some((map) => map !== undefined)) return stack;
    const entryOf = (frame: Frame): Entry | undefined =>
      maps.get(frame.file)?.findEntry(frame.line - 1, frame.column - 1) as Entry | undefined;
    frames.forEach((frame, i) => {
      const entry = entryOf(frame);
      if (entry?.originalSource === undefined || entry.originalLine === undefined) return;
      const location = `${entry.originalSource}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
      const caller = frames[i + 1];
      // Only a caller printed right below this frame called it (no builtin in between).
      const adjacent = caller !== undefined && caller.index === frame.index + 1;
      const callerName = adjacent ? entryOf(caller)?.name : undefined;
      const anonymous = frame.name === undefined || ANONYMOUS.test(frame.name);
      if (anonymous) {
        lines[frame.index] = `${frame.prefix}${location}`;
      } else if (callerName !== undefined) {
        lines[frame.index] = `${frame.prefix}${callerName} (${location})`;
      }
    });
    return lines.join("\n");
  } catch {
    return stack;
  }
}

/** A runtime whose node:module has no SourceMap (Bun, Deno) maps nothing. */
function loadMap(text: string): SourceMap | undefined {
  const { SourceMap: Parsed } = nodeModule() as Partial<typeof import("node:module")>;
  if (typeof Parsed !== "function") return undefined;
  return new Parsed(JSON.parse(text));
}
