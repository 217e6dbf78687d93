import { randomBytes } from "node:crypto";

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A token in GitHub's format: a prefix (`ghp_`, `ghs_`) and 36 base62 characters. */
export function randomToken(prefix: string): string {
  const bytes = randomBytes(36);
  let out = prefix;
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}
