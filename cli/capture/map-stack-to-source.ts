import type { SourceMap } from "node:module";
import { parseFrameLine } from "../../redact/parse-frame.js";
import { lineAndColumn } from "../../redact/path-text.js";
import { fs, nodeModule, path, url } from "../node-builtins.js";

/** What reading the host's files takes; tests pass their own. */
export type StackMapIo = {
  exists: (path: string) => boolean;
  read: (path: string) => string;
};

const DEFAULT_IO: StackMapIo = {
  exists: (path) => fs.existsSync(path),
  read: (path) => fs.readFileSync(path, "utf8"),
};

interface Frame {
  index: number;
  /** The function text as printed (may be empty or hold `async `). */
  name: string;
  file: string;
  line: number;
  column: number;
}

/** How a rewritten frame line starts (what V8 prints). */
const FRAME_START = "    at ";

/** A file of the host on disk: an absolute path (runtime frames are `node:`, `native`...). */
function isHostFile(file: string): boolean {
  if (file.startsWith("/")) return true;
  const drive = file.charCodeAt(0) | 0x20;
  return drive >= 0x61 && drive <= 0x7a && file[1] === ":" && (file[2] === "/" || file[2] === "\\");
}

/**
 * The frames whose location is a host file with a line and a column. Lines
 * are read with the scrubber's own frame grammar (redact/parse-frame.ts),
 * which normalizeStack reads the mapped stack with next.
 */
function parseFrames(lines: string[]): Frame[] {
  const frames: Frame[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const raw = parseFrameLine(lines[index] as string);
    if (raw === undefined) continue;
    const position = lineAndColumn(raw.location);
    if (position === undefined) continue;
    const line = Number(position[0]);
    const column = Number(position[1]);
    if (line < 1 || column < 1) continue;
    const location = raw.location.slice(0, -(position[0].length + position[1].length + 2));
    const file = location.startsWith("file://") ? url.fileURLToPath(location) : location;
    if (isHostFile(file)) frames.push({ index, name: raw.fn, file, line, column });
  }
  return frames;
}

/**
 * Where a mapped frame is said to be: its source's file name under the
 * mapped file's path (`/tool/dist/cli.js/parse.ts` for `../src/parse.ts`,
 * `/build/src/parse.ts` or `webpack://tool/./src/parse.ts`). Only the
 * tool's files are mapped (the caller skips the user's), and the scrubber
 * knows the tool's frames by their place under the tool's folder, or the
 * tool's script where that is all it knows: a mapped frame must stay under
 * both. The scrubber reads only the file name (an unnamed frame is signed
 * `anon:parse:12`); the path is never sent or shown.
 */
function sourcePath(file: string, source: string): string {
  const name = source.slice(Math.max(source.lastIndexOf("/"), source.lastIndexOf("\\")) + 1);
  return `${file}${path.sep}${name}`;
}

/** Names that mean "no name": nothing to look up for them. */
const ANONYMOUS = new Set(["", "<anonymous>", "Object.<anonymous>", "async <anonymous>"]);

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
 * minified name and position. Frames in files `isUserFile` says are the
 * user's are left as they are and their maps never read: such a frame is
 * signed `user-code` by its file, and a name from a map of the user's
 * would name the tool's frame it called. Costs one `exists` per distinct
 * file when no map is present; maps are read only when one is. Never throws.
 */
export function mapStackToSource(
  stack: string,
  io: StackMapIo = DEFAULT_IO,
  isUserFile: (file: string) => boolean = () => false,
): string {
  try {
    const lines = stack.split("\n");
    const frames = parseFrames(lines).filter((frame) => !isUserFile(frame.file));
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
      const location = `${sourcePath(frame.file, entry.originalSource)}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
      const caller = frames[i + 1];
      // Only a caller printed right below this frame called it (no builtin in between).
      const adjacent = caller !== undefined && caller.index === frame.index + 1;
      const callerName = adjacent ? entryOf(caller)?.name : undefined;
      if (ANONYMOUS.has(frame.name)) {
        lines[frame.index] = `${FRAME_START}${location}`;
      } else if (callerName !== undefined) {
        lines[frame.index] = `${FRAME_START}${callerName} (${location})`;
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
