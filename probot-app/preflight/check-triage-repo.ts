import pino from "pino";
import { Probot, ProbotOctokit } from "probot";
import type { CrashfixConfig } from "../config/read-env-config.js";
import { statusOfError } from "../worker/github-types.js";
import { ISSUES_WRITE_FIX, UNSUSPEND_FIX } from "../worker/installation-refusal.js";

/**
 * Whether the ingest can file into its triage repo, as GitHub answers the App.
 * `definite`: GitHub itself refused (a wrong name, an App not installed, a
 * public repo); otherwise GitHub could not be asked (a network blip, an
 * outage, a rate limit), and the answer may change on its own.
 */
export type TriageRepoAccess =
  | { ok: true; installationId: number }
  | { ok: false; definite: boolean; reason: string; fix: string; holdsFiling?: true };

export type TriageRepoSettings = Pick<
  CrashfixConfig,
  "appId" | "privateKey" | "githubApiUrl" | "triageRepo" | "installationId"
>;

// The whole check (JWT, installation lookup, token, repo read) fits in this.
const CHECK_TIMEOUT_MS = 10_000;

// Refusals worth a retry rather than an operator's action: GitHub's primary
// limit answers 403 with x-ratelimit-remaining 0, a secondary limit 429.
// https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#rate-limit-errors
function isRateLimited(error: unknown): boolean {
  const response = (error as { response?: { headers?: Record<string, unknown> } }).response;
  return statusOfError(error) === 429 || response?.headers?.["x-ratelimit-remaining"] === "0";
}

// A refusal to act on: a 4xx that is not a rate limit.
function refusedByServer(error: unknown): boolean {
  const status = statusOfError(error);
  return (
    (error as { response?: unknown }).response !== undefined &&
    status !== undefined &&
    status < 500 &&
    !isRateLimited(error)
  );
}

// GitHub and GitHub Enterprise Server mark every API answer with a request
// id; a 404 without one came from some other web server at that URL.
function fromGitHub(error: unknown): boolean {
  const response = (error as { response?: { headers?: Record<string, unknown> } }).response;
  return response?.headers?.["x-github-request-id"] !== undefined;
}

const refused = (reason: string, fix: string, holdsFiling?: true): TriageRepoAccess => ({
  ok: false,
  definite: true,
  reason,
  fix,
  ...(holdsFiling ? { holdsFiling } : {}),
});

/**
 * Asks GitHub, as the App, whether the triage repo exists, is covered by the
 * App's installation with Issues write, and is private (docs/ARCHITECTURE.md:
 * only the promote step's re-scrubbed copies reach a public repository).
 * Never throws: every outcome is an answer with what to do.
 */
export async function checkTriageRepo(
  settings: TriageRepoSettings,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<TriageRepoAccess> {
  const { owner, repo } = settings.triageRepo;
  const name = `${owner}/${repo}`;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? CHECK_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  // No retries or throttling: a check answers now, and the caller asks again.
  const Octokit = ProbotOctokit.defaults({
    retry: { enabled: false },
    throttle: { enabled: false },
    request: { signal },
  });
  const probot = new Probot({
    appId: settings.appId,
    privateKey: settings.privateKey,
    baseUrl: settings.githubApiUrl,
    Octokit: Octokit as typeof ProbotOctokit,
    log: pino({ level: "silent" }),
  });
  const installFix = `install the GitHub App (id ${settings.appId}) on ${name} with Issues read and write`;
  let step: "installation" | "repo" = "installation";
  try {
    const app = await probot.auth();
    const { data: installation } = await app.request("GET /repos/{owner}/{repo}/installation", {
      owner,
      repo,
    });
    const configured = settings.installationId;
    if (configured !== undefined && configured !== installation.id) {
      return refused(
        `the App's installation on ${name} is ${installation.id}, not the configured ${configured}`,
        `set CRASHFIX_INSTALLATION_ID=${installation.id}, or unset it and the ingest looks it up`,
      );
    }
    if (installation.suspended_at) {
      return refused(`the App's installation on ${name} is suspended`, UNSUSPEND_FIX);
    }
    const issues = installation.permissions?.issues;
    if (issues !== "write") {
      return refused(
        `the App cannot write issues in ${name} (its Issues permission is ${issues ?? "none"})`,
        ISSUES_WRITE_FIX,
      );
    }
    step = "repo";
    const installed = await probot.auth(installation.id);
    const { data } = await installed.request("GET /repos/{owner}/{repo}", { owner, repo });
    if (data.archived) {
      return refused(
        `triage repo ${name} is archived`,
        "unarchive it in its settings: GitHub takes no new issues or comments in an archived repository",
      );
    }
    if (data.has_issues === false) {
      return refused(`triage repo ${name} has issues turned off`, "turn on Issues in its settings");
    }
    if (!data.private) {
      // The one refusal the flush could still write through: it files
      // nothing while it lasts, and the reports wait in the spool.
      return refused(
        `triage repo ${name} is public`,
        "make it private in its settings, or set CRASHFIX_TRIAGE_REPO to a private repository: every crash report is counted there, and only the promote workflow's re-scrubbed copies belong in public; reports wait in the spool meanwhile",
        true,
      );
    }
    return { ok: true, installationId: installation.id };
  } catch (error: unknown) {
    return explainFailure(error, step, { name, installFix, apiUrl: settings.githubApiUrl });
  }
}

function explainFailure(
  error: unknown,
  step: "installation" | "repo",
  about: { name: string; installFix: string; apiUrl: string },
): TriageRepoAccess {
  const { name, installFix } = about;
  if (!refusedByServer(error)) {
    if ((error as { response?: unknown }).response === undefined) {
      return {
        ok: false,
        definite: false,
        reason: `GitHub did not answer at ${about.apiUrl} (${innermostMessage(error).slice(0, 120)})`,
        fix: "check GITHUB_API_URL and this host's network; reports wait in the spool meanwhile",
      };
    }
    return {
      ok: false,
      definite: false,
      reason: `GitHub at ${about.apiUrl} answered HTTP ${statusOfError(error)}${isRateLimited(error) ? " (rate limited)" : ""}`,
      fix: "nothing to change here: this passes on GitHub's side (https://www.githubstatus.com); reports wait in the spool meanwhile",
    };
  }
  const status = statusOfError(error);
  if (!fromGitHub(error)) {
    return refused(
      `${about.apiUrl} answered HTTP ${status} but is not GitHub's REST API`,
      "set GITHUB_API_URL to GitHub's REST API: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server",
    );
  }
  if (status === 401) {
    return refused(
      "GitHub refused the App's credentials",
      "set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) to the App's id and one of its current private keys",
    );
  }
  if (step === "installation" && status === 404) {
    // GitHub answers 404 alike for a repository that does not exist and one
    // the App is not installed on: it does not tell an App what it cannot see.
    return refused(
      `triage repo ${name} not found, or the App is not installed on it`,
      `create ${name} as a private repository and ${installFix}, or fix CRASHFIX_TRIAGE_REPO`,
    );
  }
  return refused(
    `GitHub refused the App's installation access to ${name} (HTTP ${status})`,
    `${installFix}: add ${name} to the installation's repository access`,
  );
}

// fetch wraps the socket's error ("fetch failed", caused by "connect
// ECONNREFUSED 127.0.0.1:9"), and Octokit wraps fetch's: the innermost says
// what an operator can act on.
function innermostMessage(error: unknown): string {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause; depth += 1) {
    current = current.cause;
  }
  return current instanceof Error ? current.message : String(current);
}
