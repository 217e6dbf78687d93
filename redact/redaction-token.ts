/** The replacement text for one redacted span: it names the class, never the value. */
export function redactionToken(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/** Prefix shared by every replacement token; a value that starts with it is already clean. */
export const TOKEN_PREFIX = "[REDACTED:";
