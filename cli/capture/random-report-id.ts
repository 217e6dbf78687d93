import { fs } from "../node-builtins.js";

const { closeSync, openSync, readSync } = fs;
const HEX_DIGITS = "0123456789abcdef";

/**
 * A version 4 UUID for a report. The crash path must not load node:crypto
 * (Web Crypto's first use loads it too; docs/PERFORMANCE.md has its cost), so
 * the 16 random bytes come from the kernel's source through fs, which the
 * client has loaded already; Web Crypto where there is no /dev/urandom
 * (Windows).
 */
export function randomReportId(): string {
  return fromUrandom() ?? globalThis.crypto.randomUUID();
}

function fromUrandom(): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync("/dev/urandom", "r");
    const bytes = Buffer.alloc(16);
    if (readSync(fd, bytes, 0, 16, null) !== 16) return undefined;
    bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
    let hex = "";
    // By hand: Buffer's toString costs a crash 0.08 ms the first time it is called.
    for (const byte of bytes) hex += HEX_DIGITS.charAt(byte >> 4) + HEX_DIGITS.charAt(byte & 15);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // nothing to do
      }
    }
  }
}
