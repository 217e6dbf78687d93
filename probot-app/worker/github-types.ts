import type { ProbotOctokit } from "probot";

export type TriageOctokit = InstanceType<typeof ProbotOctokit>;
export type RepoRef = { owner: string; repo: string };

// The parts of a REST issue the worker reads.
export type IssueSnapshot = {
  number: number;
  state: "open" | "closed";
  labels: string[];
  body: string;
};

export function toSnapshot(issue: {
  number: number;
  state?: string;
  labels?: (string | { name?: string | undefined })[];
  body?: string | null;
}): IssueSnapshot {
  return {
    number: issue.number,
    state: issue.state === "closed" ? "closed" : "open",
    labels: (issue.labels ?? [])
      .map((label) => (typeof label === "string" ? label : (label.name ?? "")))
      .filter((name) => name !== ""),
    body: issue.body ?? "",
  };
}

export function statusOfError(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}
