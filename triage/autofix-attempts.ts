import { z } from "zod";

// Auto-fix attempts, recorded on the triage issue as one bot comment per
// attempt. A comment per attempt (rather than one counter edited in place)
// makes the cap race-free without a lock: an attempt first writes its comment,
// then counts the attempt comments with a smaller id than its own; comment ids
// are assigned in creation order, so two concurrent runs agree on who is
// first. The hidden JSON block parses back exactly; the visible line is for
// people reading the triage issue.

export const AUTOFIX_ATTEMPT_MARKER = "<!-- crashfix:autofix-attempt -->";
const STATE_PREFIX = "<!-- crashfix:autofix-attempt-state ";
const STATE_SUFFIX = " -->";

export const AUTOFIX_OUTCOMES = ["running", "proposed", "failed", "refused", "abandoned"] as const;
export type AutofixOutcome = (typeof AUTOFIX_OUTCOMES)[number];

const attemptSchema = z.strictObject({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  outcome: z.enum(AUTOFIX_OUTCOMES),
  // Short machine-readable reason (agent-failed, agent-timeout, ci-failed, ...).
  reason: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,40}$/)
    .optional(),
  pull_request: z.number().int().positive().optional(),
  run_url: z.url().max(300).optional(),
  updated_at: z.iso.datetime(),
});

export type AutofixAttempt = z.infer<typeof attemptSchema>;

// The reasons the Actions record, as a maintainer reads them. An unknown
// reason (a newer writer) is shown as its code.
const REASON_TEXT: Readonly<Record<string, string>> = {
  "agent-failed": "the agent exited with an error",
  "agent-timeout": "the agent ran out of time",
  "ci-failed": "the project's CI failed on the agent's change",
  "ci-timeout": "the project's CI ran out of time",
  "no-change": "the agent changed nothing",
  "no-result": "the agent job left no result",
  "invalid-result": "the agent job's result did not parse",
  "patch-mismatch": "the patch did not match what the agent job recorded",
  "patch-does-not-apply": "the patch does not apply to the default branch",
  "patch-refused": "the change touches files a fix may not touch, or is too large",
  "pull-request-open": "a pull request for this crash is already open",
  "branch-claimed": "another run holds this crash's branch",
};

function reasonText(outcome: AutofixOutcome, reason: string | undefined): string {
  if (!reason || (outcome === "proposed" && reason === "ok")) return "";
  return ` Reason: ${REASON_TEXT[reason] ?? `\`${reason}\``}.`;
}

/**
 * The attempt's comment. `publicRepo` ("owner/name") names the repository the
 * pull request is in: the comment lives in the triage repository, where a
 * bare `#N` would mean one of its own issues.
 */
export function renderAttemptComment(
  attempt: AutofixAttempt,
  note?: string,
  publicRepo?: string,
): string {
  const parsed = attemptSchema.parse(attempt);
  const pull = parsed.pull_request ? `${publicRepo ?? ""}#${parsed.pull_request}` : "";
  const state = JSON.stringify(parsed).replace(/--/g, "\\u002d\\u002d");
  const headline: Record<AutofixOutcome, string> = {
    running: "Auto-fix attempt started.",
    proposed: `Auto-fix proposed a pull request${pull ? ` (${pull})` : ""}.`,
    failed: "Auto-fix attempt failed; no pull request was opened.",
    refused: "Auto-fix change refused by the patch check; no pull request was opened.",
    abandoned: "Auto-fix attempt ended without a result.",
  };
  const lines = [
    AUTOFIX_ATTEMPT_MARKER,
    `${STATE_PREFIX}${state}${STATE_SUFFIX}`,
    `**crashfix** ${headline[parsed.outcome]}${reasonText(parsed.outcome, parsed.reason)}`,
  ];
  if (note) lines.push("", note);
  if (parsed.run_url)
    lines.push("", `[The workflow run](${parsed.run_url}) has the logs and the job summary.`);
  return lines.join("\n");
}

export function isAttemptComment(body: string | undefined | null): boolean {
  return typeof body === "string" && body.startsWith(AUTOFIX_ATTEMPT_MARKER);
}

export function parseAttemptComment(body: string | undefined | null): AutofixAttempt | undefined {
  if (!isAttemptComment(body) || typeof body !== "string") return undefined;
  const start = body.indexOf(STATE_PREFIX);
  if (start < 0) return undefined;
  const end = body.indexOf(STATE_SUFFIX, start + STATE_PREFIX.length);
  if (end < 0) return undefined;
  try {
    const json: unknown = JSON.parse(body.slice(start + STATE_PREFIX.length, end));
    const result = attemptSchema.safeParse(json);
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

export interface CommentLike {
  id: number;
  body?: string | null | undefined;
}

// The attempts that count against the cap: every attempt comment for this
// fingerprint, oldest first. Comments whose state block does not parse still
// count (fail closed: an edited comment cannot reset the cap).
export function listAttempts<T extends CommentLike>(comments: readonly T[]): T[] {
  return comments.filter((c) => isAttemptComment(c.body)).sort((a, b) => a.id - b.id);
}
