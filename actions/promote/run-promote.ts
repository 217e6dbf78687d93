import * as core from "@actions/core";
import {
  type Counters,
  fpLabel,
  parseFingerprintMarker,
  plural,
  statusOf,
  type TriageStatus,
} from "../../triage/index.js";
import { buildCrashFacts } from "../shared/build-crash-facts.js";
import { connectRepos, type MakeOctokit } from "../shared/connect-repos.js";
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

export const PROMOTED_MARKER = "<!-- crashfix:promoted -->";
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
  const context = redactionContext([inputs["triage-repo"]]);

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
  const { counters, attempts } =
    needComments.length > 0
      ? await loadTriageComments(triageGh, triageRepo, needComments)
      : { counters: new Map<number, Counters>(), attempts: new Map<number, number>() };
  const knownLabels = new Set<string>();

  const rows: PromoteRow[] = [];
  const ready = new Set<string>();
  let promotions = 0;
  for (const issue of open) {
    const fingerprint = parseFingerprintMarker(issue.body);
    if (!fingerprint) continue;
    const status = statusOf(issue.labels);
    if (status === "crash:promoted") {
      if ((attempts.get(issue.number) ?? 0) < inputs["max-attempts"]) ready.add(fingerprint);
      else rows.push({ fingerprint, outcome: "skipped", reason: "attempt cap reached" });
      continue;
    }
    const rule = promotionRule(status, counters.get(issue.number), inputs);
    if (!rule) continue;
    if (promotions >= inputs["max-promotions"]) {
      rows.push({ fingerprint, outcome: "deferred", reason: "max-promotions reached this run" });
      continue;
    }
    promotions += 1;
    rows.push(
      await promoteOne(issue, fingerprint, {
        triageGh,
        publicGh,
        triageRepo,
        publicRepo,
        context,
        counters: counters.get(issue.number),
        sleep: deps.sleep,
        now: deps.now ?? Date.now,
        knownLabels,
      }),
    );
    const last = rows[rows.length - 1];
    if (last && (last.outcome === "promoted" || last.outcome === "already-public"))
      ready.add(fingerprint);
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

async function promoteOne(
  issue: IssueLite,
  fingerprint: string,
  ctx: PromoteContext,
): Promise<PromoteRow> {
  const counters = ctx.counters;
  let facts: ReturnType<typeof buildCrashFacts>;
  try {
    facts = scrubFacts(buildCrashFacts(issue.body, counters), ctx.context);
  } catch (error) {
    // Not a leak path: the reason names only the failing field, never its value.
    core.warning(`fingerprint ${fingerprint.slice(0, 16)} not promoted: ${describeError(error)}`);
    return { fingerprint, outcome: "skipped", reason: "report fields fail the schema" };
  }
  const rendered = renderPublicIssue(facts);
  const ensured = await ensurePublicIssue(ctx.publicGh, ctx.publicRepo, fingerprint, rendered, {
    ...(ctx.sleep ? { sleep: ctx.sleep } : {}),
    knownLabels: ctx.knownLabels,
  });
  const publicRef = `${ctx.publicRepo.owner}/${ctx.publicRepo.repo}#${ensured.number}`;
  // The run that created the public issue links it. A run that found it links
  // it only when the issue is old enough that its creator must have died before
  // linking; a concurrent run finds it fresh and leaves the link to the creator.
  const orphaned =
    !ensured.created &&
    ctx.now() - Date.parse(ensured.createdAt) > LINK_GRACE_MS &&
    !(await listTriageComments(ctx, issue.number)).some((body) => body.startsWith(PROMOTED_MARKER));
  if (ensured.created || orphaned) {
    await ctx.triageGh.rest.issues.createComment({
      ...ctx.triageRepo,
      issue_number: issue.number,
      body: `${PROMOTED_MARKER}\n**crashfix** promoted this crash to the public issue ${publicRef} (${ensured.url}), rebuilt from whitelisted report fields only. Label \`${fpLabel(fingerprint)}\` links the two.`,
    });
  }
  await setTriageStatus(ctx.triageGh, ctx.triageRepo, issue.number, issue.labels, "crash:promoted");
  return {
    fingerprint,
    outcome: ensured.created ? "promoted" : "already-public",
    publicIssue: ensured.number,
    errorClass: facts.error_class,
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
