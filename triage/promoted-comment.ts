import { commentSafeJson } from "./markdown-text.js";
import { readMarkerJson } from "./read-marker-json.js";

// The triage issue's note that links it to its public issue, written by the
// promote step. Its hidden state names the public issue so the ingest can
// find it again when a fingerprint is forgotten on request.

export const PROMOTED_MARKER = "<!-- crashfix:promoted -->";
const STATE_PREFIX = "<!-- crashfix:promoted-state ";

export type PublicIssueRef = { owner: string; repo: string; number: number };

const NAME = /^[A-Za-z0-9._-]{1,100}$/;

export function renderPromotedComment(ref: PublicIssueRef, url: string, label: string): string {
  const state = commentSafeJson({ repo: `${ref.owner}/${ref.repo}`, issue: ref.number });
  return [
    PROMOTED_MARKER,
    `${STATE_PREFIX}${state} -->`,
    `**crashfix** promoted this crash to the public issue ${ref.owner}/${ref.repo}#${ref.number} (${url}), rebuilt from whitelisted report fields only. Label \`${label}\` links the two.`,
  ].join("\n");
}

export function isPromotedComment(body: string | null | undefined): boolean {
  return typeof body === "string" && body.startsWith(PROMOTED_MARKER);
}

export function parsePromotedComment(body: string | null | undefined): PublicIssueRef | undefined {
  if (!isPromotedComment(body) || typeof body !== "string") return undefined;
  const state = readMarkerJson(body, STATE_PREFIX) as
    | { repo?: unknown; issue?: unknown }
    | undefined;
  const [owner = "", repo = ""] = typeof state?.repo === "string" ? state.repo.split("/") : [];
  const number = state?.issue;
  if (!NAME.test(owner) || !NAME.test(repo) || typeof number !== "number") return undefined;
  if (!Number.isSafeInteger(number) || number < 1) return undefined;
  return { owner, repo, number };
}
