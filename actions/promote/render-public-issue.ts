import { codeBlock, dayRange, plainTitle, plural } from "../../triage/index.js";
import type { CrashFacts } from "../shared/facts/crash-facts.js";

export const PUBLIC_MARKER_PREFIX = "<!-- crashfix:public-fingerprint=";

export interface RenderedIssue {
  title: string;
  body: string;
}

// The public issue, rebuilt from scrubbed facts only. Every report string sits
// in a fenced block (inert); the rest is fixed text and numbers.
export function renderPublicIssue(facts: CrashFacts): RenderedIssue {
  const top = facts.stack_signature[0] ?? "unknown frame";
  const title = plainTitle(`Crash: ${facts.error_class} in ${top}`);
  const details = [
    `error class:     ${facts.error_class}`,
    ...(facts.app ? [`app:             ${facts.app}`] : []),
    ...(facts.first_seen_version ? [`first seen in:   ${facts.first_seen_version}`] : []),
    `versions:        ${facts.versions.join(", ") || "unknown"}`,
    `platforms:       ${facts.platforms.map((p) => `${p.os}/${p.arch}`).join(", ") || "unknown"}`,
    ...(facts.phase ? [`phase:           ${facts.phase}`] : []),
    ...(facts.exit_code !== undefined ? [`exit code:       ${facts.exit_code}`] : []),
    ...(facts.friction_kind ? [`friction:        ${facts.friction_kind}`] : []),
  ];
  const frames = facts.stack_signature.map((sig, i) => `${i + 1}. ${sig}`);
  const seen =
    facts.first_seen && facts.last_seen ? ` ${dayRange(facts.first_seen, facts.last_seen)}` : "";
  // Reports from folders outside a git repository carry no project id: with
  // none among them, a count of projects would say 0, which is not true.
  const where = facts.projects > 0 ? ` in ${plural(facts.projects, "distinct project")}` : "";
  const body = [
    `${PUBLIC_MARKER_PREFIX}${facts.fingerprint} -->`,
    "This crash was reported automatically by users of this tool and confirmed before it was made public.",
    `It was seen ${plural(facts.occurrences, "time")}${where}${seen}.`,
    "",
    "**Crash**",
    "",
    codeBlock(details),
    "",
    "**Stack signature** (function names only, top frame first)",
    "",
    codeBlock(frames),
    "",
    `Fingerprint: \`${facts.fingerprint}\``,
    "",
    "<sub>Filed by crashfix from scrubbed, whitelisted report fields only.</sub>",
  ].join("\n");
  return { title, body };
}
