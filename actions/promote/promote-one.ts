import { fpLabel, isPromotedComment, renderPromotedComment } from "../../triage/index.js";
import type { CrashFacts } from "../shared/facts/crash-facts.js";
import type { IssueLite } from "../shared/github/github-issues.js";
import { listComments } from "../shared/github/github-issues.js";
import { setTriageStatus } from "../shared/github/set-triage-status.js";
import { type EnsuredIssue, ensurePublicIssue } from "./ensure-public-issue.js";
import type { PromoteContext, PromoteRow } from "./promote-context.js";
import { scrubbedFacts } from "./ready-for-autofix.js";
import { renderPublicIssue } from "./render-public-issue.js";

// How long a public issue may go without its link from the triage issue
// before another run takes its creator for dead and links it.
const LINK_GRACE_MS = 10 * 60_000;

// Promotes one triage issue: the public issue from its scrubbed facts (found
// or created), the link back on the triage issue, and the crash:promoted label.
export async function promoteOne(
  ctx: PromoteContext,
  issue: IssueLite,
  fingerprint: string,
): Promise<{ row: PromoteRow; facts?: CrashFacts }> {
  const facts = scrubbedFacts(ctx, issue);
  if (!facts) {
    return { row: { fingerprint, outcome: "skipped", reason: "report fields fail the schema" } };
  }
  const { publicGh, publicRepo, triageGh, triageRepo } = ctx.repos;
  const ensured = await ensurePublicIssue(
    publicGh,
    publicRepo,
    fingerprint,
    renderPublicIssue(facts),
    {
      ...(ctx.sleep ? { sleep: ctx.sleep } : {}),
      knownLabels: ctx.knownLabels,
    },
  );
  if (ensured.created || (await orphaned(ctx, issue, ensured))) {
    await triageGh.rest.issues.createComment({
      ...triageRepo,
      issue_number: issue.number,
      body: renderPromotedComment(
        { ...publicRepo, number: ensured.number },
        ensured.url,
        fpLabel(fingerprint),
      ),
    });
  }
  await setTriageStatus(triageGh, triageRepo, issue.number, issue.labels, "crash:promoted");
  return {
    row: {
      fingerprint,
      outcome: ensured.created ? "promoted" : "already-public",
      publicIssue: ensured.number,
      errorClass: facts.error_class,
    },
    facts,
  };
}

// The run that created the public issue links it. A run that found it links
// it only when the issue is old enough that its creator must have died before
// linking; a concurrent run finds it fresh and leaves the link to the creator.
async function orphaned(
  ctx: PromoteContext,
  issue: IssueLite,
  ensured: EnsuredIssue,
): Promise<boolean> {
  if (ctx.now() - Date.parse(ensured.createdAt) <= LINK_GRACE_MS) return false;
  const comments = await listComments(ctx.repos.triageGh, ctx.repos.triageRepo, issue.number);
  return !comments.some((c) => isPromotedComment(c.body));
}
