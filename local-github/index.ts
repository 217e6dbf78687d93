// crashfix/local-github: a GitHub REST API–compatible server on this machine, the
// embedded default GitHub of crashfix (like a GitHub Enterprise Server at /api/v3).

export { UsageError as CliUsageError } from "../command-line/usage-error.js";
export type { AppCredentials } from "./auth/app-credentials.js";
export {
  APP_CREDENTIALS_FILE,
  readAppCredentials,
} from "./auth/app-credentials.js";
export type { CliArgs } from "./cli/parse-cli-args.js";
export { parseCliArgs, USAGE } from "./cli/parse-cli-args.js";
export type { GitHubFieldError, LocalGitHubErrorCode } from "./errors.js";
export { ApiError, LocalGitHubError } from "./errors.js";
export type {
  FaultRule,
  FaultRuleInput,
  InstallationInput,
  Limits,
  LimitsInput,
  LocalGitHubOptions,
} from "./options.js";
export type { LocalGitHub } from "./start-local-github.js";
export { API_PREFIX, startLocalGitHub } from "./start-local-github.js";
export type { StatsSnapshot } from "./stats.js";
