import {
  CRASHFIX_LABEL,
  codeSpan,
  parseFingerprintMarker,
  plural,
  shortFingerprint,
  statusOf,
} from "../../triage/index.js";
import { connectRepos, type MakeOctokit } from "../shared/github/connect-repos.js";
import { type IssueLite, listIssuesByLabels } from "../shared/github/github-issues.js";
import type { Env } from "../shared/inputs/read-inputs.js";
import { reportStep } from "../shared/write-summary.js";
import { loadTriageComments } from "./load-triage-comments.js";
import type { PromoteContext, PromoteRow } from "./promote-context.js";
import { readPromoteInputs } from "./promote-inputs.js";
import { promoteOne } from "./promote-one.js";
import { needsComments, promotionRule } from "./promotion-rule.js";
import { NOT_READY, readyForAutofix, scrubbedFacts } from "./ready-for-autofix.js";

export type { PromoteRow } from "./promote-context.js";

// A matrix takes at most 256 jobs; the rest wait for the next run.
// https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/running-variations-of-jobs-in-a-workflow
const MATRIX_LIMIT = 256;

export interface PromoteDeps {
  env?: Env;
  octokit?: MakeOctokit;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface PromoteResult {
  rows: PromoteRow[];
  ready: string[];
}

// One pass over the open triage issues: promote what qualifies (at most
// max-promotions a run), and list the promoted fingerprints that may go to
// auto-fix. The comments every decision needs are read in one pass first.
export async function runPromote(deps: PromoteDeps = {}): Promise<PromoteResult> {
  const env = deps.env ?? process.env;
  const inputs = readPromoteInputs(env);
  const repos = connectRepos(inputs, env, deps.octokit);
  const { triageGh, triageRepo } = repos;
  const open = await listIssuesByLabels(triageGh, triageRepo, [CRASHFIX_LABEL], "open");
  const ctx: PromoteContext = {
    inputs,
    repos,
    comments: await loadTriageComments(
      triageGh,
      triageRepo,
      open.filter((issue) => needsComments(issue, inputs)),
    ),
    sleep: deps.sleep,
    now: deps.now ?? Date.now,
    knownLabels: new Set(),
  };
  const rows: PromoteRow[] = [];
  const ready = new Set<string>();
  let promotions = 0;
  for (const issue of open) {
    const fingerprint = parseFingerprintMarker(issue.body);
    if (!fingerprint) continue;
    const status = statusOf(issue.labels);
    if (status === "crash:promoted") {
      const skipped = await recheckPromoted(ctx, issue, fingerprint);
      if (skipped) rows.push(skipped);
      else ready.add(fingerprint);
      continue;
    }
    if (!promotionRule(status, ctx.comments.counters.get(issue.number), inputs)) continue;
    if (promotions >= inputs["max-promotions"]) {
      rows.push({ fingerprint, outcome: "deferred", reason: "max-promotions reached this run" });
      continue;
    }
    promotions += 1;
    const promoted = await promoteOne(ctx, issue, fingerprint);
    rows.push(promoted.row);
    if (!promoted.facts) continue;
    if (await readyForAutofix(ctx, issue, promoted.facts)) ready.add(fingerprint);
    else promoted.row.reason = NOT_READY;
  }
  for (const fingerprint of ready) {
    if (!rows.some((r) => r.fingerprint === fingerprint))
      rows.push({ fingerprint, outcome: "ready" });
  }
  const list = [...ready].sort().slice(0, MATRIX_LIMIT);
  await reportPromote(rows, list, ready.size, env);
  return { rows, ready: list };
}

// An issue promoted earlier goes to auto-fix again unless its attempts are
// used up or its facts no longer pass; the row says which.
async function recheckPromoted(
  ctx: PromoteContext,
  issue: IssueLite,
  fingerprint: string,
): Promise<PromoteRow | undefined> {
  if ((ctx.comments.attempts.get(issue.number) ?? 0) >= ctx.inputs["max-attempts"]) {
    return { fingerprint, outcome: "skipped", reason: "attempt cap reached" };
  }
  const facts = scrubbedFacts(ctx, issue);
  if (facts && (await readyForAutofix(ctx, issue, facts))) return undefined;
  return { fingerprint, outcome: "skipped", reason: NOT_READY };
}

async function reportPromote(rows: PromoteRow[], list: string[], readyCount: number, env: Env) {
  const waiting = readyCount - list.length;
  await reportStep(
    {
      fingerprints: JSON.stringify(list),
      count: String(list.length),
      promoted: String(rows.filter((r) => r.outcome === "promoted").length),
    },
    {
      heading: "crashfix promote",
      headers: ["fingerprint", "outcome", "public issue", "error class", "note"],
      rows: rows.map((r) => [
        codeSpan(shortFingerprint(r.fingerprint)),
        r.outcome,
        r.publicIssue ? `#${r.publicIssue}` : "",
        r.errorClass ? codeSpan(r.errorClass, 60) : "",
        r.reason ?? "",
      ]),
      notes: [
        `${plural(list.length, "fingerprint")} ready for auto-fix${waiting > 0 ? ` (${waiting} more wait for the next run)` : ""}.`,
      ],
    },
    env,
  );
}
