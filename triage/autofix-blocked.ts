// The note that says, once, why a crash is not sent to auto-fix: its report
// fields no longer fit the report schema after the promotion scrub (a field
// held a secret, an address or a repository name). It names fields, never
// their values. The promote step writes it once per issue and recognises it
// by the marker, so a scheduled run never writes it again.

export const AUTOFIX_BLOCKED_MARKER = "<!-- crashfix:autofix-blocked -->";

export function renderAutofixBlockedComment(fields: readonly string[]): string {
  const named = fields
    .filter((f) => /^[A-Za-z0-9_.]{1,60}$/.test(f))
    .slice(0, 10)
    .map((f) => `\`${f}\``);
  return [
    AUTOFIX_BLOCKED_MARKER,
    "**crashfix** will not run auto-fix for this crash: after the promotion scrub, its report fields no longer fit the report schema" +
      (named.length > 0 ? ` (${named.join(", ")})` : "") +
      ". The scrubber replaced part of them (a secret, an address or a repository name), and an agent gets only fields that pass the schema. Promotion is unaffected. This note is written once.",
  ].join("\n");
}

export function isAutofixBlockedComment(body: string | undefined | null): boolean {
  return typeof body === "string" && body.startsWith(AUTOFIX_BLOCKED_MARKER);
}
