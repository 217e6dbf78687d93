/** The replacement text for one redacted span: it names the class, never the value. */
export function redactionToken(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/** Prefix shared by every replacement token; a value that starts with it is already clean. */
export const TOKEN_PREFIX = "[REDACTED:";

/** A complete replacement token where it is tried. */
export const WHOLE_TOKEN_PATTERN = /\[REDACTED:[A-Z0-9_]{1,40}\]/y;

/** The end of the replacement token starting at `at`, or -1 when none does. */
export function wholeTokenEnd(text: string, at: number): number {
  if (!text.startsWith(TOKEN_PREFIX, at)) return -1;
  WHOLE_TOKEN_PATTERN.lastIndex = at;
  return WHOLE_TOKEN_PATTERN.test(text) ? WHOLE_TOKEN_PATTERN.lastIndex : -1;
}

/**
 * Whether the value is exactly one replacement token (already clean), maybe
 * followed by an escaped line break (a key block replaced inside JSON).
 */
export function isCleanToken(value: string): boolean {
  const end = wholeTokenEnd(value, 0);
  return end !== -1 && /^(?:\\[rn])*$/.test(value.slice(end));
}
