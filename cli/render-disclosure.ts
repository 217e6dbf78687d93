// The first-run disclosure. Wording follows the project's plan (seed-plan
// section 6a): plain text, no emojis, no em dashes.
export function renderDisclosure(input: {
  displayName: string;
  repo: string | undefined;
  command: string;
}): string {
  const where = input.repo ? `github.com/${input.repo}` : "its GitHub repository";
  const privacy = input.repo
    ? `https://github.com/${input.repo}/blob/HEAD/docs/PRIVACY.md`
    : "docs/PRIVACY.md";
  return [
    `${input.displayName} auto-creates the issues you hit at ${where}`,
    "and tries to auto-resolve them. If it cannot, we encourage you to open an",
    "issue for anything causing hesitation.",
    "We send anonymous diagnostics only (os, arch, version, error type, sanitized",
    "stack signatures). Never your code, prompts, paths, keys, or repo names.",
    `See ${privacy}. Turn this off anytime with: ${input.command} telemetry off`,
    "",
  ].join("\n");
}
