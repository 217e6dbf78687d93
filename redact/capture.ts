// crashfix/redact for a crashing process: what the client's capture path
// needs, and nothing that loads zod (tens of milliseconds a dying process
// cannot spare). Must not import report-schema.ts; a test checks that
// loading the built file loads no zod module.
export {
  buildReport,
  type ReportInput,
  reportIsClean,
  verifyFingerprint,
} from "./build-report.js";
export { checkReport, type Report, type ReportCheck } from "./check-report.js";
export { ReportBuildError, type ReportBuildErrorCode } from "./errors.js";
export type { RedactionContext } from "./redaction-context.js";
export type { FrictionKind } from "./report-rules.js";
export { RULES_VERSION } from "./rules-version.js";
