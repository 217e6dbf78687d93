import type { Report } from "../../redact/capture.js";
import { shortFingerprint } from "../../redact/fingerprint.js";

// GitHub answers 414 URI Too Long above about 8 KiB of URL (8,192 bytes;
// github/docs#5136 asks to document the 8,191-byte server limit, and the
// GHES docs on issue query parameters name the 414). Stay well under it.
export const GITHUB_URL_LIMIT = 8000;

/**
 * A prefilled `issues/new` URL for filing a report by hand. The body holds
 * the report JSON exactly as it would be sent; if that would not fit, the
 * body asks the user to paste the payload printed next to the link.
 */
export function buildIssueUrl(repo: string, report: Report, payload: string): string {
  const base = `https://github.com/${repo}/issues/new`;
  const title = `Crash: ${report.error_class} in ${report.app} ${report.app_version} (fp ${shortFingerprint(report.fingerprint)})`;
  const intro = `Crash report filed by hand with \`crash submit\` (fingerprint \`${shortFingerprint(report.fingerprint)}\`).`;
  const full = `${intro}\n\n\`\`\`json\n${payload.trimEnd()}\n\`\`\`\n`;
  const url = (body: string) =>
    `${base}?${new URLSearchParams({ title, body }).toString().replace(/\+/g, "%20")}`;
  const withPayload = url(full);
  if (withPayload.length <= GITHUB_URL_LIMIT) return withPayload;
  return url(
    `${intro}\n\nThe report was too long for a link: paste the JSON printed by \`crash submit\` here.\n`,
  );
}
