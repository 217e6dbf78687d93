import type { SourceMap } from "node:module";
import { functionName } from "../../redact/normalize-stack.js";
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
  /** The location as printed. */
  location: string;
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
    if (isHostFile(file)) {
      frames.push({ index, name: raw.fn, location: raw.location, file, line, column });
    }
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

/** Bytes read from a file at a time, and in all, looking for names in it. */
const BLOCK_BYTES = 65_536;
const MAX_SCANNED_BYTES = 67_108_864;

type Latin1Slicing = Buffer & { latin1Slice?: (start: number, end: number) => string };

/**
 * The first `count` bytes of `block`, a character each. Buffer's own
 * latin1Slice where it has one (undocumented, as old as Node's Buffer): a
 * crash's first `toString("latin1")` costs 0.2 ms more on the build
 * machine, compiling its way to the same call.
 */
function byteText(block: Latin1Slicing, count: number): string {
  return typeof block.latin1Slice === "function"
    ? block.latin1Slice(0, count)
    : block.toString("latin1", 0, count);
}

/** `text` as its UTF-8 bytes read a character each, as byteText reads a file. */
function asBytes(text: string): string {
  for (let i = 0; i < text.length; i += 1) {
    if (text.charCodeAt(i) > 0x7f) return byteText(Buffer.from(text), Buffer.byteLength(text));
  }
  return text;
}

/**
 * Which of `texts` the file holds, read a block at a time into one buffer
 * (a bundled CLI can be megabytes). Empty when the file cannot be read, or
 * for a text past its first 64 MiB.
 */
export function textsInFile(file: string, texts: readonly string[]): Set<string> {
  const found = new Set<string>();
  let fd: number | undefined;
  try {
    const wanted: string[] = [];
    let overlap = 0;
    for (const text of texts) {
      const bytes = asBytes(text);
      wanted.push(bytes);
      // Each block is read after the end of the one before, so a text across two is found.
      overlap = Math.max(overlap, bytes.length - 1);
    }
    fd = fs.openSync(file, "r");
    const block = Buffer.allocUnsafe(BLOCK_BYTES);
    let carried = "";
    for (let scanned = 0; scanned < MAX_SCANNED_BYTES && found.size < texts.length; ) {
      const count = fs.readSync(fd, block, 0, BLOCK_BYTES, null);
      if (count === 0) break;
      const text = carried + byteText(block, count);
      for (let i = 0; i < wanted.length; i += 1) {
        if (text.includes(wanted[i] as string)) found.add(texts[i] as string);
      }
      scanned += count;
      if (count < BLOCK_BYTES) break;
      carried = overlap === 0 ? "" : text.slice(-overlap);
    }
  } catch {
    // unreadable: nothing found, so no name of it is kept
  } finally {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // closing a file only read
      }
    }
  }
  return found;
}

/**
 * The stack with every frame of the tool's or a package's unnamed where its
 * file does not hold the name the runtime printed for it (its bare name, as
 * normalizeStack signs it). V8 names a frame by its function's `name`
 * property and an unnamed function by the key it was called through, so a
 * wrapper that copies the user's function's name (onetime, memoize) or a
 * function called by a key of the user's config would put the user's words
 * into the signature; a name the file holds is text of the tool's or the
 * package's own. Frames of the user's files are left alone (they are
 * signed `user-code`), and so are the runtime's. Run before
 * mapStackToSource, on the files as they ran. Never throws.
 */
export function withNamesFromFiles(
  stack: string,
  isUserFile: (file: string) => boolean = () => false,
  holds: (file: string, texts: readonly string[]) => Set<string> = textsInFile,
): string {
  try {
    const lines = stack.split("\n");
    const named: { frame: Frame; name: string }[] = [];
    const namesByFile = new Map<string, string[]>();
    for (const frame of parseFrames(lines)) {
      const name = functionName(frame.name);
      if (name === "" || isUserFile(frame.file)) continue;
      named.push({ frame, name });
      const names = namesByFile.get(frame.file);
      if (names === undefined) namesByFile.set(frame.file, [name]);
      else if (!names.includes(name)) names.push(name);
    }
    const foundByFile = new Map<string, Set<string>>();
    for (const [file, names] of namesByFile) foundByFile.set(file, holds(file, names));
    let changed = false;
    for (const { frame, name } of named) {
      if (foundByFile.get(frame.file)?.has(name) === true) continue;
      lines[frame.index] = `${FRAME_START}${frame.location}`;
      changed = true;
    }
    return changed ? lines.join("\n") : stack;
  } catch {
    return stack;
  }
}
