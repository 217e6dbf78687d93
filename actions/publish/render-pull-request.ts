import { codeBlock, plainTitle } from "../../triage/index.js";
import type { CrashFacts } from "../shared/facts/crash-facts.js";
import type { Change } from "../shared/patch/check-changes.js";

export interface PullRequestContext {
  publicIssue: number;
  ciCommand?: string;
  changes: readonly Change[];
  // Lower-confidence finds of the patch scan (path:line CLASS, no value).
  review?: readonly string[];
}

// Sanitized: fixed text, the public issue reference, scrubbed facts in a
// fence and the changed paths (from git, in a fence). Nothing the agent
// printed or wrote as prose is copied here.
export function renderPullRequest(facts: CrashFacts, context: PullRequestContext) {
  const title = plainTitle(`Fix crash: ${facts.error_class} in ${facts.stack_signature[0] ?? "?"}`);
  const body = [
    `Proposed fix for #${context.publicIssue}, written by a coding agent and checked by crashfix.`,
    "",
    "- The repository's CI command passed on this change in an unprivileged job.",
    "- The change touches no CI configuration, lockfile or agent instruction file.",
    "- **Review it like any outside contribution.** crashfix never merges it.",
    "",
    "**Crash**",
    "",
    codeBlock([
      `error class: ${facts.error_class}`,
      ...facts.stack_signature.map((s, i) => `frame ${i + 1}:     ${s}`),
    ]),
    "",
    "**Changed files**",
    "",
    codeBlock(context.changes.map((c) => `${c.status} ${c.path}`)),
    "",
    ...(context.review && context.review.length > 0
      ? [
          "**For the reviewer: the secret scan's lower-confidence finds** (check that none is a real credential; values are not shown)",
          "",
          codeBlock(context.review.slice(0, 30)),
          "",
        ]
      : []),
    `Fingerprint: \`${facts.fingerprint}\``,
  ].join("\n");
  return { title, body };
}
