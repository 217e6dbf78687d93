import type { ConnectedRepos } from "../shared/github/connect-repos.js";
import type { TriageComments } from "./load-triage-comments.js";
import type { PromoteInputs } from "./promote-inputs.js";

// What one promote run knows while it walks the open triage issues.
export interface PromoteContext {
  inputs: PromoteInputs;
  repos: ConnectedRepos;
  comments: TriageComments;
  sleep: ((ms: number) => Promise<void>) | undefined;
  now: () => number;
  // Labels this run already made sure of on the public repository.
  knownLabels: Set<string>;
}

export interface PromoteRow {
  fingerprint: string;
  outcome: "promoted" | "already-public" | "ready" | "skipped" | "deferred";
  reason?: string;
  publicIssue?: number;
  errorClass?: string;
}
