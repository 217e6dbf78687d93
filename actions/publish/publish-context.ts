import { type RedactionContext, redactValue } from "../../redact/index.js";
import { codeSpan } from "../../triage/index.js";
import type { CrashFacts } from "../shared/facts/crash-facts.js";
import type { ConnectedRepos } from "../shared/github/connect-repos.js";
import type { IssueLite } from "../shared/github/github-issues.js";
import type { PublishInputs } from "./publish-inputs.js";

export type PublishOutcome = "proposed" | "failed" | "refused" | "abandoned" | "skipped";

// How a publish run ends: what the step outputs and what the attempt records.
export interface PublishEnd {
  outcome: PublishOutcome;
  reason: string;
  // For the triage note: already made safe by noteLines.
  note?: string | undefined;
  pullRequest?: number;
}

// What one publish run knows from its start, before it reads anything the
// fix job handed over.
export interface PublishRun {
  inputs: PublishInputs;
  repos: ConnectedRepos;
  // The fingerprint's triage issue; a run without one records nothing.
  triage: IssueLite | undefined;
  // The triage repo's names, for every scrub of text that leaves this step.
  redaction: RedactionContext;
  now: () => Date;
}

// What every stage of the pipeline reads: the run and the crash's facts.
export interface PublishContext extends PublishRun {
  facts: CrashFacts;
}

// Report-derived text for the triage note: scrubbed (the triage repo's names
// included), one code span a line, five lines at most.
export function noteLines(ctx: PublishRun, lines: readonly string[]): string | undefined {
  return (
    lines
      .slice(0, 5)
      .map((line) => `- ${codeSpan(redactValue(line, ctx.redaction), 160)}`)
      .join("\n") || undefined
  );
}
