import { codeSpan, shortFingerprint } from "../../triage/index.js";
import type { CrashFacts } from "../shared/facts/crash-facts.js";
import {
  type ConnectedRepos,
  connectRepos,
  type MakeOctokit,
} from "../shared/github/connect-repos.js";
import type { Env } from "../shared/inputs/read-inputs.js";
import { reportStep } from "../shared/write-summary.js";
import { checkGate, type GatePassed } from "./check-gate.js";
import { claimAttempt } from "./claim-attempt.js";
import { type PrepareInputs, readPrepareInputs } from "./prepare-inputs.js";

export interface PrepareDeps {
  env?: Env;
  octokit?: MakeOctokit;
  now?: () => Date;
}

export interface PrepareResult {
  proceed: boolean;
  reason: string;
  publicIssue?: number;
  attemptComment?: number;
  attempt?: number;
}

// The gate before an auto-fix run (privileged, runs no repo code): check the
// crash and its attempts, then claim an attempt; the outputs tell the fix job
// whether to run and hand it the scrubbed facts.
export async function runPrepare(deps: PrepareDeps = {}): Promise<PrepareResult> {
  const env = deps.env ?? process.env;
  const inputs = readPrepareInputs(env);
  const repos = connectRepos(inputs, env, deps.octokit);
  const gate = await checkGate(inputs, repos);
  const now = deps.now ?? (() => new Date());
  const result = gate.proceed ? await proceed(inputs, repos, gate, now) : gate;
  await reportPrepare(result, inputs, env, result.proceed && gate.proceed ? gate.facts : undefined);
  return result;
}

// A passed gate proceeds once it holds an attempt.
async function proceed(
  inputs: PrepareInputs,
  repos: ConnectedRepos,
  gate: GatePassed,
  now: () => Date,
): Promise<PrepareResult> {
  const claimed = await claimAttempt(inputs, repos, gate, now);
  if (!("attempt" in claimed)) return claimed;
  return { proceed: true, reason: "ok", publicIssue: gate.publicIssue, ...claimed };
}

// The facts go out only with an attempt held: the fix job runs on them.
async function reportPrepare(
  result: PrepareResult,
  inputs: PrepareInputs,
  env: Env,
  facts: CrashFacts | undefined,
) {
  await reportStep(
    {
      ...(facts ? { facts: JSON.stringify(facts) } : {}),
      proceed: String(result.proceed),
      reason: result.reason,
      "public-issue": result.publicIssue ? String(result.publicIssue) : "",
      "attempt-comment": result.attemptComment ? String(result.attemptComment) : "",
    },
    {
      heading: "crashfix auto-fix: prepare",
      headers: ["fingerprint", "proceed", "reason", "public issue", "attempt"],
      rows: [
        [
          codeSpan(shortFingerprint(inputs.fingerprint)),
          String(result.proceed),
          result.reason,
          result.publicIssue ? `#${result.publicIssue}` : "",
          result.attempt ? `${result.attempt} of ${inputs["max-attempts"]}` : "",
        ],
      ],
    },
    env,
  );
}
