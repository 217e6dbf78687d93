import type { Logger, Options, ProbotOctokit } from "probot";
import type { CrashfixConfig } from "../config/read-env-config.js";

// What every Probot of the ingest is made with: the App, the GitHub it talks
// to, and the ingest's Octokit class (throttling, retries, ETags).
export function probotOptions(
  config: CrashfixConfig,
  Octokit: typeof ProbotOctokit,
  log: Logger,
): Options {
  return {
    appId: config.appId,
    privateKey: config.privateKey,
    secret: config.webhookSecret,
    baseUrl: config.githubApiUrl,
    Octokit,
    log,
  };
}
