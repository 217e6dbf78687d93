import { createHash } from "node:crypto";
import type { Octokit } from "@octokit/rest";
import { fingerprint } from "../../../redact/index.js";
import {
  CRASHFIX_LABEL,
  fpLabel,
  mergeCounters,
  renderCountersComment,
  renderTriageIssue,
  type TriageReport,
  type TriageStatus,
  withStatus,
} from "../../../triage/index.js";
import { PUBLIC_REPO, TRIAGE_REPO } from "./world.js";

export interface SeedOptions {
  errorClass?: string;
  signatures?: string[];
  status?: TriageStatus;
  occurrences?: number;
  projects?: number;
  app?: string;
  version?: string;
  phase?: string;
  // Applied after the report is built: hostile tests put strings here that a
  // real report could not carry, to prove the Action refuses them.
  override?: Partial<TriageReport>;
}

export function makeReport(options: SeedOptions = {}, index = 0): TriageReport {
  const errorClass = options.errorClass ?? "TypeError";
  const signatures = options.signatures ?? ["greet", "main"];
  const report: TriageReport = {
    fingerprint: fingerprint(errorClass, signatures),
    error_class: errorClass,
    stack_signature: signatures,
    app: options.app ?? "buggy-cli",
    app_version: options.version ?? "1.2.3",
    os: "linux",
    arch: "x64",
    captured_at: `2026-11-2${index % 5}T10:00:00Z`,
    project_id_hash: createHash("sha256")
      .update(`project-${index % Math.max(1, options.projects ?? 1)}`)
      .digest("hex"),
    ...(options.phase ? { phase: options.phase } : {}),
  };
  return { ...report, ...options.override };
}

// A triage issue as the ingest writes it: the triage module renders the body,
// labels and counters comment; only the status label is set by the test.
export async function seedTriageIssue(octokit: Octokit, options: SeedOptions = {}) {
  const [owner = "", repo = ""] = TRIAGE_REPO.split("/");
  const reports = Array.from({ length: options.occurrences ?? 1 }, (_, i) =>
    makeReport(options, i),
  );
  const first = reports[0] ?? makeReport(options);
  const rendered = renderTriageIssue(first);
  const labels = withStatus(rendered.labels, options.status ?? "crash:confirmed");
  const { data: issue } = await octokit.rest.issues.create({
    owner,
    repo,
    title: rendered.title,
    body: rendered.body,
    labels,
  });
  await octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: issue.number,
    body: renderCountersComment(mergeCounters(undefined, reports)),
  });
  return { issue: issue.number, fingerprint: first.fingerprint, report: first };
}

// The state promote leaves behind (triage crash:promoted, a public issue with
// the fp: label), written directly so the auto-fix tests do not pay for a
// promote run each; promote itself is tested in promote.test.ts.
export async function seedPromoted(octokit: Octokit, options: SeedOptions = {}) {
  const seeded = await seedTriageIssue(octokit, { ...options, status: "crash:promoted" });
  const [owner = "", repo = ""] = PUBLIC_REPO.split("/");
  const { data } = await octokit.rest.issues.create({
    owner,
    repo,
    title: "Crash (seeded)",
    body: "seeded public issue",
    labels: [CRASHFIX_LABEL, fpLabel(seeded.fingerprint)],
  });
  return { ...seeded, publicIssue: data.number };
}
