import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as core from "@actions/core";
import { redactValue } from "../../redact/index.js";
import { type AutofixOutcome, renderAttemptComment } from "../../triage/autofix-attempts.js";
import { fpLabel, parseFingerprintMarker } from "../../triage/index.js";
import { PATCH_FILE } from "../shared/autofix-result.js";
import { checkChanges } from "../shared/check-changes.js";
import { attemptTime, closeAttempt } from "../shared/close-attempt.js";
import { connectRepos, type MakeOctokit } from "../shared/connect-repos.js";
import { parseCrashFacts } from "../shared/crash-facts.js";
import { httpStatus } from "../shared/create-octokit.js";
import { ActionError, describeError } from "../shared/errors.js";
import { findOpenPull, fixBranch } from "../shared/find-open-pull.js";
import { claimLabel, listIssuesByLabels } from "../shared/github-issues.js";
import { listChanges, readAddedDiff } from "../shared/list-changes.js";
import type { Env } from "../shared/read-inputs.js";
import { codeSpan } from "../shared/render-inert.js";
import { renderPullRequest } from "../shared/render-pull-request.js";
import { runGit } from "../shared/run-git.js";
import { readRunnerEnv, runUrl } from "../shared/runner-env.js";
import { addedLines, describeFinding, scanAddedLines } from "../shared/scan-patch.js";
import { redactionContext } from "../shared/scrub-facts.js";
import { setTriageStatus } from "../shared/set-triage-status.js";
import { writeSummary } from "../shared/write-summary.js";
import { checkFixResult } from "./check-fix-result.js";
import { readPublishInputs } from "./publish-inputs.js";
import { claimBranch, pushClaimedBranch, releaseBranch } from "./push-branch.js";

export interface PublishDeps {
  env?: Env;
  octokit?: MakeOctokit;
  now?: () => Date;
}

export type PublishOutcome = "proposed" | "failed" | "refused" | "abandoned" | "skipped";

export interface PublishResult {
  outcome: PublishOutcome;
  reason: string;
  pullRequest?: number;
  timings: { pr_ms: number };
}

async function readIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
}

// The privileged half of auto-fix. It runs no code from the repository or the
// agent: it reads two files, applies the patch with git, checks paths, modes
// and sizes, and only then claims the branch, pushes and opens a draft PR.
export async function runPublish(deps: PublishDeps = {}): Promise<PublishResult> {
  const env = deps.env ?? process.env;
  const started = Date.now();
  const inputs = readPublishInputs(env);
  const runner = readRunnerEnv(env);
  const { publicGh, triageGh, publicRepo, triageRepo } = connectRepos(
    inputs,
    runner.GITHUB_API_URL,
    deps.octokit,
  );
  const fingerprint = inputs.fingerprint;
  const now = deps.now ?? (() => new Date());
  const context = redactionContext(inputs["triage-repo"]);
  const branch = fixBranch(fingerprint);

  const triage = (
    await listIssuesByLabels(triageGh, triageRepo, [fpLabel(fingerprint)], "all")
  ).find((i) => parseFingerprintMarker(i.body) === fingerprint);

  const record = async (outcome: AutofixOutcome, reason: string, note?: string, pull?: number) => {
    if (!triage) return;
    const url = runUrl(runner);
    const attempt = {
      fingerprint,
      outcome,
      reason,
      updated_at: attemptTime(now()),
      ...(pull ? { pull_request: pull } : {}),
      ...(url ? { run_url: url } : {}),
    };
    const id = inputs["attempt-comment"];
    if (id) await closeAttempt(triageGh, triageRepo, id, attempt, note, inputs.repo);
    else
      await triageGh.rest.issues.createComment({
        ...triageRepo,
        issue_number: triage.number,
        body: renderAttemptComment(attempt, note, inputs.repo),
      });
  };
  // Report-derived text for the triage note: scrubbed, one code span a line.
  const noteLines = (lines: readonly string[]) =>
    lines
      .slice(0, 5)
      .map((r) => `- ${codeSpan(redactValue(r, context), 160)}`)
      .join("\n") || undefined;

  let result: PublishResult;
  try {
    result = await publish();
  } catch (error) {
    // Any failure of ours closes the attempt with its reason: an attempt
    // never stays "running" because this step crashed.
    await record("failed", failureReason(error)).catch(() => undefined);
    throw error;
  }
  result.timings.pr_ms = Date.now() - started;
  core.setOutput("outcome", result.outcome);
  core.setOutput("reason", result.reason);
  core.setOutput("pull-request", result.pullRequest ? String(result.pullRequest) : "");
  await writeSummary(
    {
      heading: "crashfix auto-fix: publish",
      headers: ["fingerprint", "outcome", "reason", "pull request", "public issue"],
      rows: [
        [
          codeSpan(fingerprint.slice(0, 16)),
          result.outcome,
          codeSpan(result.reason, 80),
          result.pullRequest ? `#${result.pullRequest}` : "",
          `#${inputs["public-issue"]}`,
        ],
      ],
    },
    env,
  );
  return result;

  async function publish(): Promise<PublishResult> {
    const timings = { pr_ms: 0 };
    const facts = parseCrashFacts(inputs.facts);
    // 1. Check: the fix job's recorded verdict, and the patch's bytes.
    const verdict = checkFixResult(
      inputs,
      await readIfPresent(join(inputs["artifact-dir"], PATCH_FILE)),
    );
    if (!verdict.go) {
      await record(
        verdict.outcome,
        verdict.reason,
        verdict.note ?? noteLines(verdict.refusals ?? []),
      );
      return { outcome: verdict.outcome, reason: verdict.reason, timings };
    }
    const open = await findOpenPull(publicGh, publicRepo, fingerprint);
    if (open) {
      await record("abandoned", "pull-request-open", undefined, open.number);
      return { outcome: "skipped", reason: "pull-request-open", pullRequest: open.number, timings };
    }

    // 2. Apply, and check what the change touches and what its lines say.
    const cwd = inputs.workspace;
    try {
      await runGit(["apply", "--index", "--whitespace=nowarn", "-"], { cwd, input: verdict.patch });
    } catch (error) {
      core.warning(`patch does not apply: ${describeError(error)}`);
      await record("refused", "patch-does-not-apply");
      return { outcome: "refused", reason: "patch-does-not-apply", timings };
    }
    const changes = await listChanges(cwd, "HEAD");
    const checked = checkChanges(changes, verdict.patch.length, {
      maxFiles: inputs["max-files"],
      maxPatchBytes: inputs["max-patch-bytes"],
    });
    if (!checked.ok) {
      await record("refused", "patch-refused", noteLines(checked.reasons));
      return { outcome: "refused", reason: "patch-refused", timings };
    }
    const findings = scanAddedLines(
      addedLines(await readAddedDiff(cwd, "HEAD")),
      inputs["known-secrets"] ?? [],
    );
    const high = findings.filter((f) => f.confidence === "high");
    if (high.length > 0) {
      await record(
        "refused",
        "secret-in-patch",
        noteLines(high.map((f) => `secret in ${describeFinding(f)}`)),
      );
      return { outcome: "refused", reason: "secret-in-patch", timings };
    }
    const review = findings.map((f) => redactValue(describeFinding(f), context));

    // 3. Open: claim the branch, push, open the pull request.
    const claimedSha = (await runGit(["rev-parse", "HEAD"], { cwd })).trim();
    if ((await claimBranch(publicGh, publicRepo, branch, claimedSha)) === "taken") {
      await record("abandoned", "branch-claimed");
      return { outcome: "skipped", reason: "branch-claimed", timings };
    }
    try {
      await runGit(
        [
          "-c",
          `user.name=${inputs["commit-name"]}`,
          "-c",
          `user.email=${inputs["commit-email"]}`,
          "commit",
          "--no-verify",
          "--quiet",
          "-m",
          `fix: crash ${facts.error_class.slice(0, 60)} (crashfix ${fingerprint.slice(0, 16)})`,
        ],
        { cwd },
      );
      const remoteUrl = `${runner.GITHUB_SERVER_URL.replace(/\/$/, "")}/${inputs.repo}.git`;
      await pushClaimedBranch({ cwd, remoteUrl, branch, token: inputs.token, claimedSha });
    } catch (error) {
      // Give the claim back so the next attempt is not blocked by a branch
      // that holds no fix.
      await releaseBranch(publicGh, publicRepo, branch);
      throw error;
    }

    const base = inputs.base ?? (await publicGh.rest.repos.get(publicRepo)).data.default_branch;
    const rendered = renderPullRequest(facts, {
      publicIssue: inputs["public-issue"],
      changes: changes.map((c) => ({ ...c, path: redactValue(c.path, context) })),
      review,
    });
    let pullNumber: number;
    try {
      const { data } = await publicGh.rest.pulls.create({
        ...publicRepo,
        head: branch,
        base,
        title: rendered.title,
        body: rendered.body,
        // A change with finds for the reviewer is always a draft.
        draft: inputs.draft || review.length > 0,
      });
      pullNumber = data.number;
    } catch (error) {
      // 422: a PR for this head already exists (a concurrent run won).
      const existing =
        httpStatus(error) === 422
          ? await findOpenPull(publicGh, publicRepo, fingerprint)
          : undefined;
      if (!existing) {
        // No PR came of this claim: give the branch back for the next attempt.
        await releaseBranch(publicGh, publicRepo, branch);
        throw error;
      }
      await record("abandoned", "pull-request-open", undefined, existing.number);
      return {
        outcome: "skipped",
        reason: "pull-request-open",
        pullRequest: existing.number,
        timings,
      };
    }
    if (inputs.labels.length > 0) {
      for (const label of inputs.labels) await claimLabel(publicGh, publicRepo, label, "5319e7");
      await publicGh.rest.issues.addLabels({
        ...publicRepo,
        issue_number: pullNumber,
        labels: inputs.labels,
      });
    }
    await record("proposed", "ok", undefined, pullNumber);
    if (triage) {
      await setTriageStatus(
        triageGh,
        triageRepo,
        triage.number,
        triage.labels,
        "crash:fix-proposed",
      );
    }
    return { outcome: "proposed", reason: "ok", pullRequest: pullNumber, timings };
  }
}

// The attempt's reason for a failure of this step: the error's code, never
// its message (which may quote report data).
function failureReason(error: unknown): string {
  if (error instanceof ActionError) return error.code.toLowerCase().replace(/_/g, "-");
  if (httpStatus(error) !== undefined) return "github-failed";
  return "publish-failed";
}
