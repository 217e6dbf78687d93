// crashfix/redact: the one scrubber and report contract (docs/DESIGN.md sections 2-3).
export { buildReport, type ReportInput, verifyFingerprint } from "./build-report.js";
export { checkReport, type Report, type ReportCheck } from "./check-report.js";
export { ReportBuildError, type ReportBuildErrorCode } from "./errors.js";
export { DEFAULT_SIGNATURE_COUNT, fingerprint } from "./fingerprint.js";
export { MAX_INPUT_CHARS, MAX_TREE_DEPTH, MAX_TREE_NODES } from "./limits.js";
export { normalizeStack } from "./normalize-stack.js";
export { type NamedPattern, scrubPatterns } from "./patterns.js";
export { normalizeRemoteUrl, projectIdHash } from "./project-id-hash.js";
export { redactTree } from "./redact-tree.js";
export { redactValue } from "./redact-value.js";
export type { RedactionContext } from "./redaction-context.js";
export {
  FRICTION_KINDS,
  type FrictionKind,
  HEX_AND_TIME_FIELDS,
  MAX_SIGNATURES,
  SIGNATURE_PATTERN,
} from "./report-rules.js";
export { reportSchema } from "./report-schema.js";
export { RULES_VERSION } from "./rules-version.js";
