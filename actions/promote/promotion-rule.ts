import { type Counters, plural, statusOf, type TriageStatus } from "../../triage/index.js";
import type { IssueLite } from "../shared/github/github-issues.js";
import type { PromoteInputs } from "./promote-inputs.js";

// Why a triage issue qualifies for promotion, or undefined when it does not:
// a maintainer confirmed it, or (with the threshold rule on) a new crash
// reached min-occurrences from min-projects.
export function promotionRule(
  status: TriageStatus | undefined,
  counters: Counters | undefined,
  inputs: PromoteInputs,
): string | undefined {
  if (status === "crash:confirmed") return "confirmed by a maintainer";
  if (status !== "crash:new" || inputs["min-occurrences"] === 0 || !counters) return undefined;
  if (counters.total < inputs["min-occurrences"]) return undefined;
  if (counters.distinctProjects < inputs["min-projects"]) return undefined;
  const occurrences = plural(counters.total, "occurrence");
  // min-projects 0 lets through crashes whose reports carry no project id (no git repository).
  return counters.distinctProjects > 0
    ? `${occurrences} from ${plural(counters.distinctProjects, "project")}`
    : occurrences;
}

// Whose comments a run reads: every confirmed issue's counters (the public
// issue shows versions and platforms), every new one's with the threshold
// rule on, and every promoted one's attempts (a capped fingerprint is not
// sent to the matrix).
export function needsComments(issue: IssueLite, inputs: PromoteInputs): boolean {
  const status = statusOf(issue.labels);
  return (
    status === "crash:confirmed" ||
    status === "crash:promoted" ||
    (inputs["min-occurrences"] > 0 && status === "crash:new")
  );
}
