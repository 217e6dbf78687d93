import { Buffer } from "node:buffer";

/**
 * The text's UTF-16 code units truncated to their low 8 bits, one byte per
 * unit, so indices match the string's. Scanners read this instead of calling
 * `charCodeAt` per character: V8 checks the string's representation on every
 * `charCodeAt`, and a typed-array loop runs about twice as fast. The
 * conversion is native (Buffer's latin1 encoder).
 *
 * Truncation maps some non-ASCII units onto ASCII bytes (U+0173 becomes "s"),
 * so a byte scan may find a candidate the text does not hold; callers confirm
 * every candidate against the text. It never hides an ASCII character.
 *
 * The bytes live in a scratch buffer reused by the next call (allocating one
 * per call cost more than the conversion): use them before calling again.
 */
const SCRATCH_LIMIT = 64 * 1024;
let scratch = Buffer.allocUnsafe(4096);

export function latin1Bytes(text: string): Uint8Array {
  if (text.length > SCRATCH_LIMIT) return Buffer.from(text, "latin1");
  if (text.length > scratch.length) scratch = Buffer.allocUnsafe(SCRATCH_LIMIT);
  scratch.write(text, 0, text.length, "latin1");
  return scratch.subarray(0, text.length);
}
