import { fs } from "../node-builtins.js";
import { writeFileAtomic } from "../store/write-file-atomic.js";

// A file of V8's compiled code for one script (vm.Script's cachedData), as
// the client keeps two of them: the scrubber's (capture/scrubber.ts) and its
// start code's (start/load-client.ts). The file is
// `<key><tag><code length>\n<code><code>`. V8 checks its own version and
// flags but knows the source only by its length, and a release build does
// not checksum the cache, so the key names what compiled it (the caller's
// Node version, architecture and script content), and the code is stored
// twice: two copies that differ are a damaged file. The tag is one byte the
// caller chooses (what the code holds). A file that does not fit is not
// used, and is replaced.

/** The header's code length: fixed width, so the header's size is known before it is read. */
const LENGTH_DIGITS = 10;

/** Reads up to `length` bytes of the file from `position` into `buffer`; how many came before it ended. */
export function readUpTo(fd: number, buffer: Buffer, length: number, position: number): number {
  let filled = 0;
  while (filled < length) {
    const read = fs.readSync(fd, buffer, filled, length - filled, position + filled);
    if (read === 0) break;
    filled += read;
  }
  return filled;
}

/** Fills `length` bytes of `buffer` from `position` of the file; false where the file ends first. */
function readFully(fd: number, buffer: Buffer, length: number, position: number): boolean {
  return readUpTo(fd, buffer, length, position) === length;
}

/** Bytes of the second copy compared at a time: one small buffer, reused. */
const COMPARE_CHUNK = 32 * 1024;

/** The code length a header spells after its key and tag; undefined where it is not digits and a newline. */
function codeLength(header: Buffer, from: number): number | undefined {
  let length = 0;
  for (let at = from; at < from + LENGTH_DIGITS; at += 1) {
    const digit = (header[at] as number) - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    length = length * 10 + digit;
  }
  return header[from + LENGTH_DIGITS] === 0x0a ? length : undefined;
}

/** A cache file open at a header that names the key: its tag, where its code starts, and how long it is. */
export type OpenCache = { fd: number; tag: number; codeAt: number; codeLength: number };

/**
 * The cache file opened, when its header names `key`, one of `tags` and a
 * code length of at most `maxLength`; the caller closes it (closeCache).
 * Bytes are compared as bytes (no toString, subarray or byteLength): each
 * Buffer method a crash calls first costs it 0.05-0.08 ms.
 */
export function openCache(
  cacheFile: string,
  key: string,
  tags: string,
  maxLength: number,
): OpenCache | undefined {
  let fd: number;
  try {
    fd = fs.openSync(cacheFile, "r");
  } catch {
    return undefined;
  }
  try {
    // No encoding named: Node then skips its encoding lookup (the key is ASCII).
    const keyBytes = Buffer.from(key);
    const header = Buffer.allocUnsafe(keyBytes.length + 1 + LENGTH_DIGITS + 1);
    if (
      readFully(fd, header, header.length, 0) &&
      header.compare(keyBytes, 0, keyBytes.length, 0, keyBytes.length) === 0
    ) {
      const tag = header[keyBytes.length] as number;
      const length = codeLength(header, keyBytes.length + 1);
      const known = tags.includes(String.fromCharCode(tag));
      if (known && length !== undefined && length > 0 && length <= maxLength) {
        return { fd, tag, codeAt: header.length, codeLength: length };
      }
    }
  } catch {
    // unreadable: as if there were none
  }
  fs.closeSync(fd);
  return undefined;
}

export function closeCache(cache: OpenCache | undefined): void {
  if (cache !== undefined) fs.closeSync(cache.fd);
}

/**
 * Reads the cache's code into the start of `buffer` when its two copies
 * agree and nothing follows them. The second copy is read a chunk at a time
 * into one small buffer: reading the whole file into memory touched twice
 * the pages, and each new page costs a crash on a virtual machine ~11-15
 * microseconds.
 */
export function readCode({ fd, codeAt, codeLength: length }: OpenCache, buffer: Buffer): boolean {
  try {
    if (!readFully(fd, buffer, length, codeAt)) return false;
    const second = codeAt + length;
    const chunk = Buffer.allocUnsafe(Math.min(COMPARE_CHUNK, length));
    for (let at = 0; at < length; at += chunk.length) {
      const part = Math.min(chunk.length, length - at);
      if (!readFully(fd, chunk, part, second + at)) return false;
      if (buffer.compare(chunk, 0, part, at, at + part) !== 0) return false;
    }
    // The file ends with the second copy.
    return fs.readSync(fd, chunk, 0, 1, second + length) === 0;
  } catch {
    return false;
  }
}

/** Writes `code` under `key` and `tag` (one ASCII character), replacing the file whole. Throws where it cannot. */
export function writeCodeCache(cacheFile: string, key: string, tag: string, code: Buffer): void {
  const header = `${key}${tag}${String(code.length).padStart(LENGTH_DIGITS, "0")}\n`;
  writeFileAtomic(cacheFile, Buffer.concat([Buffer.from(header), code, code]));
}
