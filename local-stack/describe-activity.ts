import { z } from "zod";
import type { Report } from "../redact/index.js";
import {
  isFpLabel,
  isStatusLabel,
  parseAttemptComment,
  parseCountersComment,
  parseTriageIssue,
  plural,
} from "../triage/index.js";

// What `npm start` prints while it runs: one line per thing a maintainer wants
// to see happen, from the ingest's accepted reports and the GitHub webhook
// events that reach it. Pure: the printer adds the time and writes.

export type Activity = { what: string; detail: string; url?: string };

const FP_SHORT = 12;

export function describeReport(report: Report): Activity {
  return {
    what: "report accepted",
    detail: `${report.app} ${report.app_version}  ${report.error_class}  fp ${report.fingerprint.slice(0, FP_SHORT)}`,
  };
}

// Only the fields read here; the local GitHub sends GitHub's full payloads.
const labelSchema = z.object({ name: z.string() });
const issueSchema = z.object({
  number: z.number(),
  title: z.string(),
  html_url: z.string(),
  body: z.string().nullable().optional(),
  labels: z.array(labelSchema).optional(),
  state_reason: z.string().nullable().optional(),
});
const repositorySchema = z.object({ full_name: z.string() });
const issuesEventSchema = z.object({
  action: z.string(),
  issue: issueSchema,
  label: labelSchema.optional(),
  repository: repositorySchema,
});
const commentEventSchema = z.object({
  action: z.string(),
  issue: issueSchema,
  comment: z.object({ body: z.string().nullable().optional() }),
  repository: repositorySchema,
});
const pullEventSchema = z.object({
  action: z.string(),
  pull_request: z.object({
    number: z.number(),
    title: z.string(),
    html_url: z.string(),
    draft: z.boolean().optional(),
    merged: z.boolean().nullable().optional(),
  }),
  repository: repositorySchema,
});

/** Remembers each issue's last counted total, so a counters edit says how many were added. */
export type ActivityMemory = Map<string, number>;

const ref = (repo: string, number: number): string => `${repo}#${number}`;

function describeIssues(payload: unknown): Activity | undefined {
  const parsed = issuesEventSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const { action, issue, label, repository } = parsed.data;
  const at = ref(repository.full_name, issue.number);
  const labels = (issue.labels ?? []).map((item) => item.name);
  if (action === "opened") {
    if (parseTriageIssue(issue.body)) {
      return { what: "issue filed", detail: `${at}  ${issue.title}`, url: issue.html_url };
    }
    if (labels.some(isFpLabel)) {
      return { what: "public issue", detail: `${at}  ${issue.title}`, url: issue.html_url };
    }
    return undefined;
  }
  if (action === "labeled" && label && isStatusLabel(label.name)) {
    return { what: "status", detail: `${at} is now ${label.name}  (${issue.title})` };
  }
  if (action === "closed" && labels.some(isStatusLabel)) {
    const how = issue.state_reason === "completed" ? "closed as fixed" : "closed";
    return { what: "closed", detail: `${at} ${how}  (${issue.title})` };
  }
  if (action === "reopened" && labels.some(isStatusLabel)) {
    return { what: "reopened", detail: `${at}  (${issue.title})` };
  }
  return undefined;
}

function describeComment(payload: unknown, memory: ActivityMemory): Activity | undefined {
  const parsed = commentEventSchema.safeParse(payload);
  if (!parsed.success || parsed.data.action === "deleted") return undefined;
  const { issue, comment, repository } = parsed.data;
  const at = ref(repository.full_name, issue.number);
  const counters = parseCountersComment(comment.body);
  if (counters) {
    const before = memory.get(at);
    memory.set(at, counters.total);
    const added =
      before === undefined || counters.total <= before ? "" : ` (+${counters.total - before})`;
    return {
      what: "counted",
      detail: `${at}  ${plural(counters.total, "report")}${added}${counters.distinctProjects > 0 ? ` from ${plural(counters.distinctProjects, "project")}` : ""}`,
    };
  }
  const attempt = parseAttemptComment(comment.body);
  if (!attempt) return undefined;
  // The pull request is in the public repository, the one the workflow ran in.
  const publicRepo = /\/([^/]+\/[^/]+)\/actions\/runs\/\d+$/.exec(attempt.run_url ?? "")?.[1] ?? "";
  const outcome = {
    running: "attempt started",
    proposed: `proposed pull request ${publicRepo}#${attempt.pull_request ?? "?"}`,
    failed: "attempt failed, no pull request",
    refused: "change refused by the patch check, no pull request",
    abandoned: "attempt ended without a result",
  }[attempt.outcome];
  return {
    what: "auto-fix",
    detail: `${at}  ${outcome}`,
    ...(attempt.run_url ? { url: attempt.run_url } : {}),
  };
}

function describePull(payload: unknown): Activity | undefined {
  const parsed = pullEventSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const { action, pull_request: pull, repository } = parsed.data;
  const at = ref(repository.full_name, pull.number);
  if (action === "opened") {
    return {
      what: "pull request",
      detail: `${at}${pull.draft ? " (draft)" : ""}  ${pull.title}`,
      url: pull.html_url,
    };
  }
  if (action === "closed") {
    return {
      what: "pull request",
      detail: `${at} ${pull.merged ? "merged" : "closed"}  ${pull.title}`,
    };
  }
  return undefined;
}

/** The line for one webhook event, or undefined when a maintainer would not care. */
export function describeGitHubEvent(
  name: string,
  payload: unknown,
  memory: ActivityMemory,
): Activity | undefined {
  if (name === "issues") return describeIssues(payload);
  if (name === "issue_comment") return describeComment(payload, memory);
  if (name === "pull_request") return describePull(payload);
  return undefined;
}
