import { sha256Hex } from "./sha256-hex.js";

/** How many top frames identify a bug (docs/DESIGN.md section 2). */
export const DEFAULT_SIGNATURE_COUNT = 5;

/**
 * sha256 hex of `errorClass + "\n" + the top n signatures joined by "\n"`
 * (docs/DESIGN.md section 2). Computed over scrubbed values only.
 */
export function fingerprint(
  errorClass: string,
  signatures: string[],
  n = DEFAULT_SIGNATURE_COUNT,
): string {
  const count = Number.isInteger(n) && n >= 0 ? n : DEFAULT_SIGNATURE_COUNT;
  return sha256Hex(`${errorClass}\n${signatures.slice(0, count).join("\n")}`);
}

/** The 16-hex prefix a fingerprint is named by in labels, branches, file names and messages; the full one is kept wherever it is stored. */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint.slice(0, 16);
}
