// `crashfix/redact` as the client package publishes it: the scrubber and the
// report contract without zod, for hosts that clean their own logs and
// messages. (index.ts adds the zod schema the server and the Action use.)
export { buildReport, type ReportInput, verifyFingerprint } from "./build-report.js";
export { checkReport, type Report, type ReportCheck } from "./check-report.js";
export { ReportBuildError, type ReportBuildErrorCode } from "./errors.js";
export { fingerprint } from "./fingerprint.js";
export { MAX_INPUT_CHARS } from "./limits.js";
export { normalizeStack } from "./normalize-stack.js";
export { normalizeRemoteUrl, projectIdHash } from "./project-id-hash.js";
export { redactTree } from "./redact-tree.js";
export { redactValue } from "./redact-value.js";
export type { RedactionContext } from "./redaction-context.js";
export type { FrictionKind } from "./report-rules.js";
export { RULES_VERSION } from "./rules-version.js";
