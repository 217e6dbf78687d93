import { fs } from "../node-builtins.js";

// V8's compiled code of one script, kept in the app's state folder for the
// next run: the scrubber's (capture/scrubber.ts) and the start code's
// (start/load-start-code.ts). The file is
//
//   <key> <code length>\n<code><code>
//
// V8 checks its own version and flags but knows the source only by its
// length, and a release build does not checksum the data, so each caller's
// key names what the code was compiled from, and the code is stored twice:
// two copies that differ are a damaged file. A file that does not fit is not
// used, and the caller replaces it.

/** A key line is short; a longer first line is not a code cache. */
const HEAD_BYTES = 256;
/** Bytes of the second copy compared at a time: one small buffer, reused. */
const COMPARE_CHUNK = 32 * 1024;

/** Fills `length` bytes of `buffer` from `position` of the file; false where the file ends first. */
function readFully(fd: number, buffer: Uint8Array, length: number, position: number): boolean {
  for (let filled = 0; filled < length; ) {
    const read = fs.readSync(fd, buffer, filled, length - filled, position + filled);
    if (read === 0) return false;
    filled += read;
  }
  return true;
}

/** The key of a key line `<key> <length>` held in `head` up to `end`, when it is one of `keys`. */
function matchingKey(head: Uint8Array, end: number, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    if (key.length >= end || head[key.length] !== 0x20) continue;
    let at = 0;
    while (at < key.length && head[at] === key.charCodeAt(at)) at += 1;
    if (at === key.length) return key;
  }
  return undefined;
}

/** The decimal number in `head` from `from` to `end`; NaN where it is not one. */
function decimalAt(head: Uint8Array, from: number, end: number): number {
  if (from === end || end - from > 9) return Number.NaN;
  let value = 0;
  for (let at = from; at < end; at += 1) {
    const digit = (head[at] ?? 0) - 0x30;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

// Read with plain typed arrays and Buffer.compare: the start loader reads a
// cache on every start of a host, where each Node function called for the
// first time (Buffer's toString, allocUnsafe, its compare method) is
// compiled first.

/** The code of a file whose key is one of `keys` and whose two copies agree, read by `fd`. */
function readCode(
  fd: number,
  keys: readonly string[],
): { code: Uint8Array; key: string } | undefined {
  const head = new Uint8Array(HEAD_BYTES);
  const got = fs.readSync(fd, head, 0, HEAD_BYTES, 0);
  let end = 0;
  while (end < got && head[end] !== 0x0a) end += 1;
  if (end === got) return undefined;
  const key = matchingKey(head, end, keys);
  if (key === undefined) return undefined;
  const length = decimalAt(head, key.length + 1, end);
  if (!(length > 0)) return undefined;
  // The length comes from the file, not from a stat: Node builds a Stats
  // object with four dates for one, which costs a start more than this read.
  const start = end + 1;
  const code = new Uint8Array(length);
  if (!readFully(fd, code, length, start)) return undefined;
  // The second copy a chunk at a time into one small buffer: reading it whole
  // touches twice the pages, and each new page costs ~15 microseconds on a
  // virtual machine.
  const chunk = new Uint8Array(Math.min(COMPARE_CHUNK, length));
  for (let at = 0; at < length; at += chunk.length) {
    const size = Math.min(chunk.length, length - at);
    if (!readFully(fd, chunk, size, start + length + at)) return undefined;
    const copy = size === chunk.length ? chunk : chunk.subarray(0, size);
    if (Buffer.compare(code.subarray(at, at + size), copy) !== 0) return undefined;
  }
  // Nothing after the second copy.
  return fs.readSync(fd, chunk, 0, 1, start + 2 * length) === 0 ? { code, key } : undefined;
}

/**
 * The code in `file` when its key is one of `keys` and its two copies
 * agree, with the key it had; undefined for a missing or unfit file.
 * Never throws.
 */
export function readCodeCache(
  file: string,
  keys: readonly string[],
): { code: Uint8Array; key: string } | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    return undefined;
  }
  try {
    return readCode(fd, keys);
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** The file that keeps `code` under `key` (no newline in it), for writeFileAtomic. */
export function codeCacheFile(key: string, code: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${key} ${code.length}\n`, "latin1"), code, code]);
}
