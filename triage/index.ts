export { readableTime, utcSeconds } from "../redact/utc-seconds.js";
export {
  AUTOFIX_ATTEMPT_MARKER,
  AUTOFIX_OUTCOMES,
  type AutofixAttempt,
  type AutofixOutcome,
  type CommentLike,
  isAttemptComment,
  listAttempts,
  parseAttemptComment,
  renderAttemptComment,
} from "./autofix-attempts.js";
export {
  AUTOFIX_BLOCKED_MARKER,
  isAutofixBlockedComment,
  renderAutofixBlockedComment,
} from "./autofix-blocked.js";
export { compareVersions, maxVersion } from "./compare-versions.js";
export {
  type CountedReport,
  type Counters,
  emptyCounters,
  MAX_APPLIED_BATCHES,
  MAX_DAILY_DAYS,
  MAX_PLATFORMS,
  MAX_PROJECTS,
  MAX_VERSIONS,
  mergeCounters,
  OTHER_KEY,
} from "./counters.js";
export { parseFixedAfter, withFixedAfter } from "./fixed-in.js";
export {
  CRASHFIX_LABEL,
  fpLabel,
  isFingerprint,
  isFpLabel,
  isStatusLabel,
  STATUS_LABELS,
  shortFingerprint,
  statusOf,
  TriageFormatError,
  type TriageStatus,
  withStatus,
} from "./labels.js";
export {
  codeBlock,
  codeSpan,
  commentSafeJson,
  inertReferences,
  plainTitle,
} from "./markdown-text.js";
export { parseFingerprintMarker, parseTriageIssue } from "./parse-issue.js";
export { dayRange, plural } from "./plain-words.js";
export {
  isPromotedComment,
  PROMOTED_MARKER,
  type PublicIssueRef,
  parsePromotedComment,
  renderPromotedComment,
} from "./promoted-comment.js";
export {
  COUNTERS_MARKER,
  hasCountersMarker,
  parseCountersComment,
  renderCountersComment,
} from "./render-counters.js";
export {
  FINGERPRINT_MARKER_PREFIX,
  factsOf,
  type RenderedTriageIssue,
  renderTriageIssue,
  type TriageIssueFacts,
  triageTitle,
} from "./render-issue.js";
export {
  assertTransition,
  canTransition,
  decideTransition,
  STATUS_TRANSITIONS,
  type TransitionDecision,
} from "./status-transitions.js";
export { renderDailyTrend, TREND_DAYS, trendSeries } from "./trend-chart.js";
export type { TriageReport } from "./triage-report.js";
