import * as core from "@actions/core";
import {
  listAttempts,
  parseCountersComment,
  shortFingerprint,
  statusOf,
} from "../../triage/index.js";
import { describeError } from "../shared/errors.js";
import { type CrashFacts, validateCrashFacts } from "../shared/facts/crash-facts.js";
import { publicFacts } from "../shared/facts/scrub-facts.js";
import type { ConnectedRepos } from "../shared/github/connect-repos.js";
import { findOpenPull } from "../shared/github/find-open-pull.js";
import { findPublicIssue, findTriageIssue } from "../shared/github/fingerprint-issues.js";
import { listComments } from "../shared/github/github-issues.js";
import type { PrepareInputs } from "./prepare-inputs.js";

export type GateRefusal = { proceed: false; reason: string; publicIssue?: number };

export type GatePassed = {
  proceed: true;
  triageIssue: number;
  publicIssue: number;
  facts: CrashFacts;
};

// The gate before an auto-fix run, read-only: the crash must be promoted,
// have a public issue, no open fix PR, attempts left, and facts that still
// pass the schema after the promotion scrub (promote lists a fingerprint as
// ready on the same condition).
export async function checkGate(
  inputs: PrepareInputs,
  { publicGh, triageGh, publicRepo, triageRepo }: ConnectedRepos,
): Promise<GateRefusal | GatePassed> {
  const fingerprint = inputs.fingerprint;
  const triage = await findTriageIssue(triageGh, triageRepo, fingerprint);
  if (!triage) return { proceed: false, reason: "no-triage-issue" };
  const status = statusOf(triage.labels);
  if (status !== "crash:promoted")
    return { proceed: false, reason: `status-${(status ?? "none").replace("crash:", "")}` };
  const publicIssue = (await findPublicIssue(publicGh, publicRepo, fingerprint))?.number;
  if (!publicIssue) return { proceed: false, reason: "no-public-issue" };
  if (await findOpenPull(publicGh, publicRepo, fingerprint))
    return { proceed: false, reason: "pull-request-open", publicIssue };
  const comments = await listComments(triageGh, triageRepo, triage.number);
  if (listAttempts(comments).length >= inputs["max-attempts"])
    return { proceed: false, reason: "attempt-cap-reached", publicIssue };
  try {
    const counters = comments.map((c) => parseCountersComment(c.body)).find((c) => c !== undefined);
    const facts = validateCrashFacts(publicFacts(triage.body, counters, inputs["triage-repo"]));
    return { proceed: true, triageIssue: triage.number, publicIssue, facts };
  } catch (error) {
    core.warning(`fingerprint ${shortFingerprint(fingerprint)}: ${describeError(error)}`);
    return { proceed: false, reason: "report-fields-invalid", publicIssue };
  }
}
