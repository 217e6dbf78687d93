import * as core from "@actions/core";
import {
  parseFingerprintMarker,
  renderAutofixBlockedComment,
  shortFingerprint,
} from "../../triage/index.js";
import { describeError } from "../shared/errors.js";
import { type CrashFacts, factsProblems } from "../shared/facts/crash-facts.js";
import { publicFacts } from "../shared/facts/scrub-facts.js";
import type { IssueLite } from "../shared/github/github-issues.js";
import type { PromoteContext } from "./promote-context.js";

export const NOT_READY = "not sent to auto-fix: fields fail the schema after the scrub";

// The facts of a triage issue after the promotion scrub, or undefined when
// they fail the schema before it (then nothing of the crash crosses).
export function scrubbedFacts(ctx: PromoteContext, issue: IssueLite): CrashFacts | undefined {
  try {
    const counters = ctx.comments.counters.get(issue.number);
    return publicFacts(issue.body, counters, ctx.inputs["triage-repo"]);
  } catch (error) {
    // Not a leak path: the reason names only the failing field, never its value.
    const fingerprint = parseFingerprintMarker(issue.body) ?? "unknown";
    core.warning(
      `fingerprint ${shortFingerprint(fingerprint)} not promoted: ${describeError(error)}`,
    );
    return undefined;
  }
}

// A fingerprint goes to auto-fix only with facts that still pass the schema
// after the promotion scrub, the same check prepare makes before a run
// starts; otherwise the triage issue says why, once.
export async function readyForAutofix(
  ctx: PromoteContext,
  issue: IssueLite,
  facts: CrashFacts,
): Promise<boolean> {
  const problems = factsProblems(facts);
  if (problems.length === 0) return true;
  if (!ctx.comments.blocked.has(issue.number)) {
    const { triageGh, triageRepo } = ctx.repos;
    await triageGh.rest.issues.createComment({
      ...triageRepo,
      issue_number: issue.number,
      body: renderAutofixBlockedComment(problems),
    });
    ctx.comments.blocked.add(issue.number);
  }
  return false;
}
