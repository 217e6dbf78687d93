import * as core from "@actions/core";
import { z } from "zod";
import { listAttempts, renderAttemptComment } from "../../triage/autofix-attempts.js";
import {
  fpLabel,
  parseCountersComment,
  parseFingerprintMarker,
  statusOf,
} from "../../triage/index.js";
import { buildCrashFacts } from "../shared/build-crash-facts.js";
import { attemptTime, closeAttempt } from "../shared/close-attempt.js";
import { connectRepos, type MakeOctokit } from "../shared/connect-repos.js";
import { validateCrashFacts } from "../shared/crash-facts.js";
import { describeError } from "../shared/errors.js";
import { findOpenPull } from "../shared/find-open-pull.js";
import { listComments, listIssuesByLabels } from "../shared/github-issues.js";
import { fingerprintInput, integerInput, repoInput, tokenInput } from "../shared/input-schemas.js";
import { type Env, parseInputs } from "../shared/read-inputs.js";
import { codeSpan } from "../shared/render-inert.js";
import { readRunnerEnv, runUrl } from "../shared/runner-env.js";
import { redactionContext, scrubFacts } from "../shared/scrub-facts.js";
import { writeSummary } from "../shared/write-summary.js";

const schema = z.object({
  token: tokenInput,
  "triage-token": tokenInput.optional(),
  repo: repoInput,
  "triage-repo": repoInput,
  fingerprint: fingerprintInput,
  "max-attempts": integerInput(1, 100).default(3),
});

// The inputs this step reads (action.yml must declare each one).
export const PREPARE_INPUTS = Object.keys(schema.shape);

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

// The gate before an auto-fix run (privileged, runs no repo code): the crash
// must be promoted, have a public issue, no open fix PR, and attempts left.
// It records the attempt on the triage issue first and then checks its place
// among all attempt comments, so concurrent runs cannot exceed the cap.
export async function runPrepare(deps: PrepareDeps = {}): Promise<PrepareResult> {
  const env = deps.env ?? process.env;
  const withRepo = { ...env };
  if (!withRepo.INPUT_REPO && env.GITHUB_REPOSITORY) withRepo.INPUT_REPO = env.GITHUB_REPOSITORY;
  const inputs = parseInputs(schema, PREPARE_INPUTS, withRepo);
  const runner = readRunnerEnv(env);
  const { publicGh, triageGh, publicRepo, triageRepo } = connectRepos(
    inputs,
    runner.GITHUB_API_URL,
    deps.octokit,
  );
  const fingerprint = inputs.fingerprint;
  const now = deps.now ?? (() => new Date());

  const result = await decide();
  core.setOutput("proceed", String(result.proceed));
  core.setOutput("reason", result.reason);
  core.setOutput("public-issue", result.publicIssue ? String(result.publicIssue) : "");
  core.setOutput("attempt-comment", result.attemptComment ? String(result.attemptComment) : "");
  await writeSummary(
    {
      heading: "crashfix auto-fix: prepare",
      headers: ["fingerprint", "proceed", "reason", "public issue", "attempt"],
      rows: [
        [
          codeSpan(fingerprint.slice(0, 16)),
          String(result.proceed),
          result.reason,
          result.publicIssue ? `#${result.publicIssue}` : "",
          result.attempt ? `${result.attempt} of ${inputs["max-attempts"]}` : "",
        ],
      ],
    },
    env,
  );
  return result;

  async function decide(): Promise<PrepareResult> {
    const triage = (
      await listIssuesByLabels(triageGh, triageRepo, [fpLabel(fingerprint)], "all")
    ).find((i) => parseFingerprintMarker(i.body) === fingerprint);
    if (!triage) return { proceed: false, reason: "no-triage-issue" };
    const status = statusOf(triage.labels);
    if (status !== "crash:promoted")
      return { proceed: false, reason: `status-${(status ?? "none").replace("crash:", "")}` };
    const publicIssue = (
      await listIssuesByLabels(publicGh, publicRepo, [fpLabel(fingerprint)], "all")
    )
      .map((i) => i.number)
      .sort((a, b) => a - b)[0];
    if (!publicIssue) return { proceed: false, reason: "no-public-issue" };
    const pull = await findOpenPull(publicGh, publicRepo, fingerprint);
    if (pull) return { proceed: false, reason: "pull-request-open", publicIssue };
    const comments = await listComments(triageGh, triageRepo, triage.number);
    const before = listAttempts(comments).length;
    if (before >= inputs["max-attempts"])
      return { proceed: false, reason: "attempt-cap-reached", publicIssue };

    let facts: ReturnType<typeof buildCrashFacts>;
    try {
      const counters = comments
        .map((c) => parseCountersComment(c.body))
        .find((c) => c !== undefined);
      // The facts an agent gets must still pass the schema after the scrub
      // (promote lists a fingerprint as ready on the same condition).
      facts = validateCrashFacts(
        scrubFacts(buildCrashFacts(triage.body, counters), redactionContext(inputs["triage-repo"])),
      );
    } catch (error) {
      core.warning(`fingerprint ${fingerprint.slice(0, 16)}: ${describeError(error)}`);
      return { proceed: false, reason: "report-fields-invalid", publicIssue };
    }

    const url = runUrl(runner);
    const { data: mine } = await triageGh.rest.issues.createComment({
      ...triageRepo,
      issue_number: triage.number,
      body: renderAttemptComment({
        fingerprint,
        outcome: "running",
        updated_at: attemptTime(now()),
        ...(url ? { run_url: url } : {}),
      }),
    });
    try {
      const attempts = listAttempts(await listComments(triageGh, triageRepo, triage.number));
      const place = attempts.findIndex((c) => c.id === mine.id);
      if (place < 0 || place >= inputs["max-attempts"]) {
        // A concurrent run took the last attempt first: withdraw this one.
        await triageGh.rest.issues.deleteComment({ ...triageRepo, comment_id: mine.id });
        return { proceed: false, reason: "attempt-cap-reached", publicIssue };
      }
      core.setOutput("facts", JSON.stringify(facts));
      return {
        proceed: true,
        reason: "ok",
        publicIssue,
        attemptComment: mine.id,
        attempt: place + 1,
      };
    } catch (error) {
      // A failure of ours after the attempt was recorded closes it, so it
      // never stays "running".
      await closeAttempt(triageGh, triageRepo, mine.id, {
        fingerprint,
        outcome: "failed",
        reason: "prepare-failed",
        updated_at: attemptTime(now()),
        ...(url ? { run_url: url } : {}),
      });
      throw error;
    }
  }
}
