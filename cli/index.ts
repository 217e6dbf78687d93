// crashfix/cli: the client that runs inside a host CLI. Importing it is
// cheap: the package export is this module and what a start and a crash
// need, bundled into one file (scripts/bundle-cli.mjs); zod, the scrubber
// and the commands load on first use (see load-lazily.ts).
export { buildIssueUrl, GITHUB_URL_LIMIT } from "./build-issue-url.js";
export type { CaptureResult } from "./capture-event.js";
export {
  type ConfigFile,
  parseConfigText,
  readConfigFile,
  updateConfigFile,
} from "./config-file.js";
export type { CrashReporterConfig } from "./config-schema.js";
export {
  type CrashReporter,
  createCrashReporter,
  type FrictionKind,
  type InstallOptions,
  type ReporterOptions,
} from "./create-crash-reporter.js";
export { type CollectionDecision, decideCollection } from "./decide-collection.js";
export { isCI } from "./detect-ci.js";
export { CrashfixError, type CrashfixErrorCode } from "./errors.js";
export { EXIT_CODES, type ExitCode } from "./exit-codes.js";
export type { FlushOptions, FlushResult } from "./flush-outbox.js";
export { flushOutbox, runCrashfixCommand } from "./lazy-entry-points.js";
export { renderDisclosure } from "./render-disclosure.js";
export type { ResolvedConfig } from "./resolve-config.js";
export { type CrashfixPaths, resolvePaths } from "./resolve-paths.js";
export type { CommandIO } from "./run-command.js";
