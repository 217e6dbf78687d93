import { CRASHFIX_LABEL, fpLabel } from "../../triage/index.js";
import type { ActionOctokit } from "../shared/github/create-octokit.js";
import { findPublicIssue } from "../shared/github/fingerprint-issues.js";
import { claimLabel, type IssueLite } from "../shared/github/github-issues.js";
import type { Repo } from "../shared/inputs/input-schemas.js";
import type { RenderedIssue } from "./render-public-issue.js";

export interface EnsureOptions {
  sleep?: (ms: number) => Promise<void>;
  // How long to wait for another run that holds the label to create the issue.
  waitAttempts?: number;
  waitMs?: number;
  // Labels this run already made sure of, so each is created once per run.
  knownLabels?: Set<string>;
}

export interface EnsuredIssue {
  number: number;
  url: string;
  created: boolean;
  createdAt: string;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function found(issue: IssueLite): EnsuredIssue {
  return { number: issue.number, url: issue.html_url, created: false, createdAt: issue.created_at };
}

// Finds the public issue of a fingerprint by its fp: label, or creates it.
// Whoever creates the fp: label (atomic: 201 once, then 422) creates the issue;
// a run that finds the label taken waits for the issue to appear. If it never
// does (a run died between label and issue), the waiting run creates it and
// then keeps the oldest issue if two appeared, closing the other as duplicate.
export async function ensurePublicIssue(
  octokit: ActionOctokit,
  repo: Repo,
  fingerprint: string,
  rendered: RenderedIssue,
  options: EnsureOptions = {},
): Promise<EnsuredIssue> {
  const label = fpLabel(fingerprint);
  const sleep = options.sleep ?? defaultSleep;
  const find = () => findPublicIssue(octokit, repo, fingerprint);
  const existing = await find();
  if (existing) return found(existing);
  const claimed = (await claimLabel(octokit, repo, label)) === "created";
  if (!claimed) {
    for (let i = 0; i < (options.waitAttempts ?? 5); i += 1) {
      await sleep(options.waitMs ?? 1_000);
      const issue = await find();
      if (issue) return found(issue);
    }
  }
  if (!options.knownLabels?.has(CRASHFIX_LABEL)) {
    await claimLabel(octokit, repo, CRASHFIX_LABEL, "5319e7");
    options.knownLabels?.add(CRASHFIX_LABEL);
  }
  const { data } = await octokit.rest.issues.create({
    ...repo,
    title: rendered.title,
    body: rendered.body,
    labels: [CRASHFIX_LABEL, label],
  });
  const mine = {
    number: data.number,
    url: data.html_url,
    created: true,
    createdAt: data.created_at,
  };
  if (claimed) return mine;
  const winner = await find();
  if (winner && winner.number !== data.number) {
    await octokit.rest.issues.update({
      ...repo,
      issue_number: data.number,
      state: "closed",
      state_reason: "not_planned",
    });
    return found(winner);
  }
  return mine;
}
