import * as core from "@actions/core";
import {
  type Counters,
  fpLabel,
  isPromotedComment,
  parseFingerprintMarker,
  plural,
  renderAutofixBlockedComment,
  renderPromotedComment,
  statusOf,
  type TriageStatus,
} from "../../triage/index.js";
import { buildCrashFacts } from "../shared/build-crash-facts.js";
import { connectRepos, type MakeOctokit } from "../shared/connect-repos.js";
import { type CrashFacts, factsProblems } from "../shared/crash-facts.js";
import type { ActionOctokit } from "../shared/create-octokit.js";
import { ensurePublicIssue } from "../shared/ensure-public-issue.js";
import { describeError } from "../shared/errors.js";
import { type IssueLite, listIssuesByLabels } from "../shared/github-issues.js";
import type { Env } from "../shared/read-inputs.js";
import { codeSpan } from "../shared/render-inert.js";
import { renderPublicIssue } from "../shared/render-public-issue.js";
import { readRunnerEnv } from "../shared/runner-env.js";
import { redactionContext, scrubFacts } from "../shared/scrub-facts.js";
import { setTriageStatus } from "../shared/set-triage-status.js";
import { writeSummary } from "../shared/write-summary.js";
import { loadTriageComments } from "./load-triage-comments.js";
import { type PromoteInputs, readPromoteInputs } from "./promote-inputs.js";

const NOT_READY = "not sent to auto-fix: fields fail the schema after the scrub";
const LINK_GRACE_MS = 10 * 60_000;
const MATRIX_LIMIT = 256;

export interface PromoteDeps {
  env?: Env;
  octokit?: MakeOctokit;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface PromoteRow {
  fingerprint: string;
  outcome: "promoted" | "already-public" | "ready" | "skipped" | "deferred";
  reason?: string;
  publicIssue?: number;
  errorClass?: string;
}

export interface PromoteResult {
  rows: PromoteRow[];
  ready: string[];
}

// Why a triage issue qualifies for promotion, or undefined when it does not.
function promotionRule(
  status: TriageStatus | undefined,
  counters: Counters | undefined,
  inputs: PromoteInputs,
): string | undefined {
  if (status === "crash:confirmed") return "confirmed by a maintainer";
  if (status !== "crash:new" || inputs["min-occurrences"] === 0 || !counters) return undefined;
  if (counters.total < inputs["min-occurrences"]) return undefined;
  if (counters.distinctProjects < inputs["min-projects"]) return undefined;
  return `${plural(counters.total, "occurrence")} from ${plural(counters.distinctProjects, "project")}`;
}

export async function runPromote(deps: PromoteDeps = {}): Promise<PromoteResult> {
  const env = deps.env ?? process.env;
  const inputs = readPromoteInputs(env);
  const runner = readRunnerEnv(env);
  const { publicGh, triageGh, publicRepo, triageRepo } = connectRepos(
    inputs,
    runner.GITHUB_API_URL,
    deps.octokit,
  );
  const context = redactionContext(inputs["triage-repo"]);

  const open = await listIssuesByLabels(triageGh, triageRepo, ["crashfix"], "open");
  // Counters are needed for every confirmed issue (the public issue shows
  // versions and platforms) and, with the threshold rule on, for every new
  // one; attempt counts for every promoted one (a capped fingerprint is not
  // sent to the matrix). One pass reads them all.
  const thresholds = inputs["min-occurrences"] > 0;
  const needComments = open.filter((i) => {
    const status = statusOf(i.labels);
    return (
      status === "crash:confirmed" ||
      status === "crash:promoted" ||
      (thresholds && status === "crash:new")
    );
  });
  const { counters, attempts, blocked } =
    needComments.length > 0
      ? await loadTriageComments(triageGh, triageRepo, needComments)
      : {
          counters: new Map<number, Counters>(),
          attempts: new Map<number, number>(),
          blocked: new Set<number>(),
        };
  // A fingerprint goes to auto-fix only with facts that still pass the schema
  // after the promotion scrub, the same check prepare makes before a run
  // starts; otherwise the triage issue says why, once.
  const readyForAutofix = async (issue: IssueLite, facts: CrashFacts): Promise<boolean> => {
    const problems = factsProblems(facts);
    if (problems.length === 0) return true;
    if (!blocked.has(issue.number)) {
      await triageGh.rest.issues.createComment({
        ...triageRepo,
        issue_number: issue.number,
        body: renderAutofixBlockedComment(problems),
      });
      blocked.add(issue.number);
    }
    return false;
  };
  const knownLabels = new Set<string>();

  const rows: PromoteRow[] = [];
  const ready = new Set<string>();
  let promotions = 0;
  for (const issue of open) {
    const fingerprint = parseFingerprintMarker(issue.body);
    if (!fingerprint) continue;
    const status = statusOf(issue.labels);
    if (status === "crash:promoted") {
      if ((attempts.get(issue.number) ?? 0) >= inputs["max-attempts"]) {
        rows.push({ fingerprint, outcome: "skipped", reason: "attempt cap reached" });
        continue;
      }
      const facts = scrubbedFacts(issue, counters.get(issue.number), context);
      if (facts && (await readyForAutofix(issue, facts))) ready.add(fingerprint);
      else rows.push({ fingerprint, outcome: "skipped", reason: NOT_READY });
      continue;
    }
    const rule = promotionRule(status, counters.get(issue.number), inputs);
    if (!rule) continue;
    if (promotions >= inputs["max-promotions"]) {
      rows.push({ fingerprint, outcome: "deferred", reason: "max-promotions reached this run" });
      continue;
    }
    promotions += 1;
    const promoted = await promoteOne(issue, fingerprint, {
      triageGh,
      publicGh,
      triageRepo,
      publicRepo,
      context,
      counters: counters.get(issue.number),
      sleep: deps.sleep,
      now: deps.now ?? Date.now,
      knownLabels,
    });
    rows.push(promoted.row);
    if (!promoted.facts) continue;
    if (await readyForAutofix(issue, promoted.facts)) ready.add(fingerprint);
    else promoted.row.reason = NOT_READY;
  }
  for (const fingerprint of ready) {
    if (!rows.some((r) => r.fingerprint === fingerprint))
      rows.push({ fingerprint, outcome: "ready" });
  }

  // A matrix takes at most 256 jobs; the rest wait for the next run.
  // https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/running-variations-of-jobs-in-a-workflow
  const list = [...ready].sort().slice(0, MATRIX_LIMIT);
  core.setOutput("fingerprints", JSON.stringify(list));
  core.setOutput("count", String(list.length));
  core.setOutput("promoted", String(rows.filter((r) => r.outcome === "promoted").length));
  await writeSummary(
    {
      heading: "crashfix promote",
      headers: ["fingerprint", "outcome", "public issue", "error class", "note"],
      rows: rows.map((r) => [
        codeSpan(r.fingerprint.slice(0, 16)),
        r.outcome,
        r.publicIssue ? `#${r.publicIssue}` : "",
        r.errorClass ? codeSpan(r.errorClass, 60) : "",
        r.reason ?? "",
      ]),
      notes: [
        `${plural(list.length, "fingerprint")} ready for auto-fix${ready.size > list.length ? ` (${ready.size - list.length} more wait for the next run)` : ""}.`,
      ],
    },
    env,
  );
  return { rows, ready: list };
}

interface PromoteContext {
  triageGh: ActionOctokit;
  publicGh: ActionOctokit;
  triageRepo: { owner: string; repo: string };
  publicRepo: { owner: string; repo: string };
  context: ReturnType<typeof redactionContext>;
  counters: Counters | undefined;
  sleep: ((ms: number) => Promise<void>) | undefined;
  now: () => number;
  knownLabels: Set<string>;
}

// The facts of a triage issue after the promotion scrub, or undefined when
// they fail the schema before it (then nothing of the crash crosses).
function scrubbedFacts(
  issue: IssueLite,
  counters: Counters | undefined,
  context: ReturnType<typeof redactionContext>,
): CrashFacts | undefined {
  try {
    return scrubFacts(buildCrashFacts(issue.body, counters), context);
  } catch (error) {
    // Not a leak path: the reason names only the failing field, never its value.
    const fingerprint = parseFingerprintMarker(issue.body) ?? "unknown";
    core.warning(`fingerprint ${fingerprint.slice(0, 16)} not promoted: ${describeError(error)}`);
    return undefined;
  }
}

async function promoteOne(
  issue: IssueLite,
  fingerprint: string,
  ctx: PromoteContext,
): Promise<{ row: PromoteRow; facts?: CrashFacts }> {
  const facts = scrubbedFacts(issue, ctx.counters, ctx.context);
  if (!facts) {
    return { row: { fingerprint, outcome: "skipped", reason: "report fields fail the schema" } };
  }
  const rendered = renderPublicIssue(facts);
  const ensured = await ensurePublicIssue(ctx.publicGh, ctx.publicRepo, fingerprint, rendered, {
    ...(ctx.sleep ? { sleep: ctx.sleep } : {}),
    knownLabels: ctx.knownLabels,
  });
  // The run that created the public issue links it. A run that found it links
  // it only when the issue is old enough that its creator must have died before
  // linking; a concurrent run finds it fresh and leaves the link to the creator.
  const orphaned =
    !ensured.created &&
    ctx.now() - Date.parse(ensured.createdAt) > LINK_GRACE_MS &&
    !(await listTriageComments(ctx, issue.number)).some(isPromotedComment);
  if (ensured.created || orphaned) {
    await ctx.triageGh.rest.issues.createComment({
      ...ctx.triageRepo,
      issue_number: issue.number,
      body: renderPromotedComment(
        { ...ctx.publicRepo, number: ensured.number },
        ensured.url,
        fpLabel(fingerprint),
      ),
    });
  }
  await setTriageStatus(ctx.triageGh, ctx.triageRepo, issue.number, issue.labels, "crash:promoted");
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

async function listTriageComments(ctx: PromoteContext, issueNumber: number): Promise<string[]> {
  const comments = await ctx.triageGh.paginate(ctx.triageGh.rest.issues.listComments, {
    ...ctx.triageRepo,
    issue_number: issueNumber,
    per_page: 100,
  });
  return comments.map((c) => c.body ?? "");
}
