import { Octokit } from "@octokit/rest";
import {
  CRASHFIX_LABEL,
  fpLabel,
  parseCountersComment,
  parseTriageIssue,
  statusOf,
} from "../triage/index.js";

export type TriageEntry = {
  number: number;
  url: string;
  fingerprint: string;
  errorClass: string;
  topFrame: string;
  status: string;
  total: number;
  distinctProjects: number;
};

export function createDemoOctokit(apiUrl: string, token: string): Octokit {
  return new Octokit({ baseUrl: apiUrl, auth: token, userAgent: "crashfix-demo" });
}

/** Every triage issue with its counters, read through the triage format module. */
export async function readTriage(octokit: Octokit, fullName: string): Promise<TriageEntry[]> {
  const [owner = "", repo = ""] = fullName.split("/");
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    owner,
    repo,
    labels: CRASHFIX_LABEL,
    state: "all",
    per_page: 100,
  });
  const entries: TriageEntry[] = [];
  for (const issue of issues) {
    const facts = parseTriageIssue(issue.body ?? "");
    if (!facts) continue;
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issue.number,
      per_page: 100,
    });
    const counters = comments
      .map((comment) => parseCountersComment(comment.body ?? ""))
      .find((parsed) => parsed !== undefined);
    const labels = issue.labels.map((label) =>
      typeof label === "string" ? label : (label.name ?? ""),
    );
    entries.push({
      number: issue.number,
      url: issue.html_url,
      fingerprint: facts.fingerprint,
      errorClass: facts.errorClass,
      topFrame: facts.signatures[0] ?? "",
      status: statusOf(labels) ?? "none",
      total: counters?.total ?? 0,
      distinctProjects: counters?.distinctProjects ?? 0,
    });
  }
  return entries.sort((a, b) => a.number - b.number);
}

/**
 * Polls until the counters add up to `expected` reports (the ingest flushes on
 * an interval); a wait longer than a few seconds reports progress.
 */
export async function waitForCounts(
  octokit: Octokit,
  fullName: string,
  expected: number,
  options: { timeoutMs?: number; onProgress?: (counted: number, expected: number) => void } = {},
): Promise<TriageEntry[]> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 60_000);
  let told = started;
  for (;;) {
    const entries = await readTriage(octokit, fullName);
    const total = entries.reduce((sum, entry) => sum + entry.total, 0);
    if (total >= expected) return entries;
    if (Date.now() - told > 3_000) {
      options.onProgress?.(total, expected);
      told = Date.now();
    }
    if (Date.now() > deadline) {
      throw new Error(`the triage counters reached ${total} of ${expected} reports in time`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The pull request crashfix opened for a fingerprint, found by its head branch. */
export async function findFixPull(
  octokit: Octokit,
  fullName: string,
  fingerprint: string,
): Promise<{ number: number; url: string; draft: boolean; head: string } | undefined> {
  const [owner = "", repo = ""] = fullName.split("/");
  const branch = `crashfix/${fpLabel(fingerprint).slice(3)}`;
  const { data } = await octokit.rest.pulls.list({
    owner,
    repo,
    head: `${owner}:${branch}`,
    state: "all",
  });
  const pull = data[0];
  return pull
    ? { number: pull.number, url: pull.html_url, draft: pull.draft === true, head: pull.head.ref }
    : undefined;
}

/** The public issue for a fingerprint, found by its fp: label. */
export async function findPublicIssue(
  octokit: Octokit,
  fullName: string,
  fingerprint: string,
): Promise<{ number: number; url: string; body: string } | undefined> {
  const [owner = "", repo = ""] = fullName.split("/");
  const { data } = await octokit.rest.issues.listForRepo({
    owner,
    repo,
    labels: fpLabel(fingerprint),
    state: "all",
  });
  const issue = data.find((item) => !item.pull_request);
  return issue ? { number: issue.number, url: issue.html_url, body: issue.body ?? "" } : undefined;
}
