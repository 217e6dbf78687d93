import { relative } from "node:path";

/**
 * The short block printed after a captured crash (the idea of Rust's
 * human-panic): where the report is and what to run next. In CI, one line.
 */
export function formatCrashNotice(input: {
  displayName: string;
  command: string;
  id: string;
  file: string;
  cwd: string;
  queued: boolean;
  ci: boolean;
}): string {
  const rel = relative(input.cwd, input.file);
  const where = rel.startsWith("..") ? input.file : rel;
  if (input.ci) {
    return `${input.displayName}: crash report saved to ${where} (${input.command} crash show ${input.id})\n`;
  }
  const next = input.queued
    ? "It will be sent, scrubbed and anonymous, on a later run."
    : "Nothing was sent.";
  return [
    "",
    `${input.displayName} hit an error it did not expect. ${next}`,
    `  report: ${where}`,
    `  see it: ${input.command} crash show ${input.id}`,
    `  send it: ${input.command} crash submit ${input.id}`,
    "",
  ].join("\n");
}
