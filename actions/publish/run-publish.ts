import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as core from "@actions/core";
import { redactValue } from "../../redact/index.js";
import { type AutofixOutcome, renderAttemptComment } from "../../triage/autofix-attempts.js";
import { fpLabel, parseFingerprintMarker } from "../../triage/index.js";
import {
  type AutofixResult,
  PATCH_FILE,
  parseAutofixResult,
  RESULT_FILE,
} from "../shared/autofix-result.js";
import { checkChanges } from "../shared/check-changes.js";
import { connectRepos, type MakeOctokit } from "../shared/connect-repos.js";
import { parseCrashFacts } from "../shared/crash-facts.js";
import { httpStatus } from "../shared/create-octokit.js";
import { describeError } from "../shared/errors.js";
import { findOpenPull, fixBranch } from "../shared/find-open-pull.js";
import { claimLabel, listIssuesByLabels } from "../shared/github-issues.js";
import { listChanges } from "../shared/list-changes.js";
import type { Env } from "../shared/read-inputs.js";
import { codeSpan } from "../shared/render-inert.js";
import { renderPullRequest } from "../shared/render-pull-request.js";
import { runGit } from "../shared/run-git.js";
import { readRunnerEnv, runUrl } from "../shared/runner-env.js";
import { redactionContext } from "../shared/scrub-facts.js";
import { setTriageStatus } from "../shared/set-triage-status.js";
import { writeSummary } from "../shared/write-summary.js";
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
  const facts = parseCrashFacts(inputs.facts);
  const now = deps.now ?? (() => new Date());
  const context = redactionContext([inputs["triage-repo"]]);
  const branch = fixBranch(fingerprint);

  const triage = (
    await listIssuesByLabels(triageGh, triageRepo, [fpLabel(fingerprint)], "all")
  ).find((i) => parseFingerprintMarker(i.body) === fingerprint);

  const record = async (outcome: AutofixOutcome, reason: string, note?: string, pull?: number) => {
    if (!triage) return;
    const url = runUrl(runner);
    const body = renderAttemptComment(
      {
        fingerprint,
        outcome,
        reason,
        updated_at: now()
          .toISOString()
          .replace(/\.\d{3}Z$/, "Z"),
        ...(pull ? { pull_request: pull } : {}),
        ...(url ? { run_url: url } : {}),
      },
      note,
      inputs.repo,
    );
    const id = inputs["attempt-comment"];
    if (id) await triageGh.rest.issues.updateComment({ ...triageRepo, comment_id: id, body });
    else
      await triageGh.rest.issues.createComment({
        ...triageRepo,
        issue_number: triage.number,
        body,
      });
  };

  const result = await publish();
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
    const resultText = await readIfPresent(join(inputs["artifact-dir"], RESULT_FILE));
    if (!resultText) {
      await record(
        "abandoned",
        "no-result",
        "The agent job left no result (it failed or was cancelled).",
      );
      return { outcome: "abandoned", reason: "no-result", timings };
    }
    let result: AutofixResult;
    try {
      result = parseAutofixResult(resultText.toString("utf8"));
      if (result.fingerprint !== fingerprint)
        throw new Error("the result is for another fingerprint");
    } catch (error) {
      core.warning(`auto-fix result refused: ${describeError(error)}`);
      await record("refused", "invalid-result");
      return { outcome: "refused", reason: "invalid-result", timings };
    }
    if (result.status === "failed") {
      const refusals = result.refusals
        .slice(0, 5)
        .map((r) => `- ${codeSpan(redactValue(r, context), 160)}`);
      await record(
        result.reason === "patch-refused" ? "refused" : "failed",
        result.reason,
        refusals.join("\n") || undefined,
      );
      return {
        outcome: result.reason === "patch-refused" ? "refused" : "failed",
        reason: result.reason,
        timings,
      };
    }
    const patch = await readIfPresent(join(inputs["artifact-dir"], PATCH_FILE));
    if (!patch || createHash("sha256").update(patch).digest("hex") !== result.patch_sha256) {
      await record("refused", "patch-mismatch");
      return { outcome: "refused", reason: "patch-mismatch", timings };
    }
    const open = await findOpenPull(publicGh, publicRepo, fingerprint);
    if (open) {
      await record("abandoned", "pull-request-open", undefined, open.number);
      return { outcome: "skipped", reason: "pull-request-open", pullRequest: open.number, timings };
    }

    const cwd = inputs.workspace;
    try {
      await runGit(["apply", "--index", "--whitespace=nowarn", "-"], { cwd, input: patch });
    } catch (error) {
      core.warning(`patch does not apply: ${describeError(error)}`);
      await record("refused", "patch-does-not-apply");
      return { outcome: "refused", reason: "patch-does-not-apply", timings };
    }
    const changes = await listChanges(cwd, "HEAD");
    const verdict = checkChanges(changes, patch.length, {
      maxFiles: inputs["max-files"],
      maxPatchBytes: inputs["max-patch-bytes"],
    });
    if (!verdict.ok) {
      const note = verdict.reasons
        .slice(0, 5)
        .map((r) => `- ${codeSpan(redactValue(r, context), 160)}`);
      await record("refused", "patch-refused", note.join("\n"));
      return { outcome: "refused", reason: "patch-refused", timings };
    }
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
    });
    let pullNumber: number;
    try {
      const { data } = await publicGh.rest.pulls.create({
        ...publicRepo,
        head: branch,
        base,
        title: rendered.title,
        body: rendered.body,
        draft: inputs.draft,
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
