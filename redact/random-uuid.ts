/**
 * A random (version 4) UUID from the runtime's Web Crypto global (Node 19+,
 * Bun, Deno), not an import of node:crypto: that import would load with the
 * scrubber on every crash (about 4 ms), while the client passes its own id
 * and only other callers need this.
 */
export function randomUuid(): string {
  return globalThis.crypto.randomUUID();
}
